/**
 * The touchscreen (点歌屏) in real Chromium against one real agent playing through a real headless
 * mpv: search, 点歌, 优先, 切歌, 原唱/伴唱, pause, volume, 删除, 公播, English and back. The agent has
 * no gateway (rooms work offline); the songs are the demo songs made by make-demo-songs.sh.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../testkit/browser.js';
import { getJson, postJson } from '../testkit/http.js';
import { AGENT_BIN, REPO_ROOT } from '../testkit/paths.js';
import { type RunningProgram, startProgram } from '../testkit/process.js';
import { makeTempDir } from '../testkit/temp.js';
import { waitUntil } from '../testkit/wait.js';

interface Entry {
  entryId: string;
  songId: string;
}
interface AgentState {
  connected: boolean;
  player: {
    current: Entry | null;
    upcoming: Entry[];
    positionMs: number;
    paused: boolean;
    vocalMode: string;
    background: boolean;
  };
  volume: { music: number; mic: number; musicMax: number; muted: boolean };
}

const SCREENSHOT = '/tmp/touch-playing.png';

/** The demo songs, made once per test run (about 11 s) in this run's temp folder. */
function makeDemoSongs(dir: string): string {
  const r = spawnSync(join(REPO_ROOT, 'scripts/media/make-demo-songs.sh'), [dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`make-demo-songs.sh failed (${r.status}): ${r.stderr}${r.stdout}`);
  return join(dir, 'catalog.json');
}

describe('touchscreen song screen in Chromium, real agent and real mpv', () => {
  const temp = makeTempDir('touchscreen');
  let agent: RunningProgram;
  let browser: Browser;
  let page: Page;
  let base = '';
  const pageErrors: string[] = [];
  const state = () => getJson<AgentState>(`${base}api/state`);
  const queueSongs = () =>
    page.$$eval('#queue [data-entry-id]', (items) => items.map((li) => (li as HTMLElement).dataset.songId ?? ''));

  before(async () => {
    const catalogFile = makeDemoSongs(join(temp.path, 'media'));
    const roomDir = join(temp.path, 'room-101');
    mkdirSync(roomDir, { recursive: true });
    const config = {
      version: 1,
      storeId: 's1',
      roomId: '101',
      roomName: '101 小包',
      dataDir: join(roomDir, 'data'),
      // Nothing listens on port 1: the room runs offline, as it must without its gateway.
      gateway: { mqttUrl: 'mqtt://127.0.0.1:1', username: 'room-101', password: 'unused' },
      web: { host: '127.0.0.1', port: 0 },
      sensors: { driver: 'sim' },
      player: { driver: 'mpv', extraArgs: ['--vo=null', '--ao=null'] },
      catalog: { file: catalogFile },
    };
    const configPath = join(roomDir, 'config.json');
    writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);
    chmodSync(configPath, 0o600);
    agent = startProgram('room-101', AGENT_BIN, ['--config', configPath]);
    base = String((await agent.waitForLog('agent ready', 30_000)).touchUrl);

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1024, height: 600 } });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(base);
    await page.waitForSelector('#call:has-text("呼叫服务")');
  });
  after(async () => {
    await browser?.close();
    await agent?.stop();
    temp.remove();
  });

  it('opens in Chinese, offline, nothing playing, everything on one 1024x600 screen', async () => {
    await page.waitForSelector('#connection[data-connected="false"]');
    await page.waitForSelector('#now-playing[data-song-id=""]', { state: 'attached' });
    await page.waitForSelector('#results [data-song-id="demo-001"]');
    assert.equal(await page.textContent('#skip'), '切歌');
    const layout = await page.evaluate(() => {
      const small = Array.from(document.querySelectorAll('button, input'))
        .filter((el) => (el as HTMLElement).offsetParent !== null)
        .map((el) => ({ id: el.id || el.getAttribute('data-action'), h: el.getBoundingClientRect().height }))
        .filter((b) => b.h < 56);
      return { small, scroll: document.documentElement.scrollHeight, width: document.documentElement.scrollWidth };
    });
    assert.deepEqual(layout.small, [], 'every button and field is at least 56 px high');
    assert.ok(layout.scroll <= 600 && layout.width <= 1024, `no page scroll: ${layout.width}x${layout.scroll}`);
  });

  it('finds songs as you type, by title and by singer', async () => {
    await page.fill('#search', '海边');
    await page.waitForSelector('#results [data-song-id="demo-001"]', { state: 'detached' });
    await page.waitForSelector('#results [data-song-id="demo-002"]');
    await page.fill('#search', '演示歌手乙');
    await page.waitForSelector('#results [data-song-id="demo-002"]', { state: 'detached' });
    await page.waitForSelector('#results [data-song-id="demo-003"]');
    assert.equal(await page.locator('#results [data-song-id]').count(), 1);
  });

  it('点歌 plays the first song at once and queues the next; 优先 puts one first', async () => {
    await page.fill('#search', '海边');
    await page.click('#results [data-song-id="demo-002"] [data-action="enqueue"]');
    await page.waitForSelector('#now-playing[data-song-id="demo-002"]');
    await page.waitForSelector('#toast[data-kind="ok"]:not([hidden])');

    await page.fill('#search', '月光');
    await page.click('#results [data-song-id="demo-001"] [data-action="enqueue"]');
    await page.waitForSelector('#queue [data-entry-id][data-song-id="demo-001"]');

    await page.fill('#search', '城市');
    await page.click('#results [data-song-id="demo-003"] [data-action="enqueue-first"]');
    await page.waitForSelector('#queue [data-entry-id][data-song-id="demo-003"]');
    assert.deepEqual(await queueSongs(), ['demo-003', 'demo-001']);
    const s = await state();
    assert.equal(s.player.current?.songId, 'demo-002');
    assert.deepEqual(
      s.player.upcoming.map((e) => e.songId),
      ['demo-003', 'demo-001'],
    );
  });

  it('切歌 plays the next song, with its lyric lines on the screen', async () => {
    await page.click('#skip');
    await page.waitForSelector('#now-playing[data-song-id="demo-003"]');
    assert.deepEqual(await queueSongs(), ['demo-001']);
    await waitUntil('demo-003 playing past 0.5 s', async () => {
      const s = await state();
      return s.player.current?.songId === 'demo-003' && s.player.positionMs > 500 && !s.player.paused ? s : undefined;
    });
    // demo-003's first lines are at 2.0 s and 6.5 s.
    await page.waitForFunction(() => document.querySelector('#lyric-current')?.textContent === '霓虹灯下的街道', null, {
      timeout: 15_000,
    });
    assert.equal(await page.textContent('#lyric-next'), '一个人慢慢行');
    await page.waitForSelector('#toast', { state: 'hidden' });
    await page.screenshot({ path: SCREENSHOT });
  });

  it('重唱 starts the playing song again', async () => {
    const before = await state();
    assert.ok(before.player.positionMs > 1500, `at ${before.player.positionMs} ms`);
    await page.click('#replay');
    await waitUntil('demo-003 back at its start', async () => {
      const s = await state();
      return s.player.current?.entryId === before.player.current?.entryId && s.player.positionMs < 1000 ? s : undefined;
    });
    await page.waitForSelector('#now-playing[data-song-id="demo-003"]');
  });

  it('switches 原唱/伴唱 and back, the label following the mode', async () => {
    await page.waitForSelector('#vocals[data-mode="vocalsOn"]');
    await page.click('#vocals');
    await page.waitForSelector('#vocals[data-mode="vocalsOff"]');
    assert.equal((await state()).player.vocalMode, 'vocalsOff');
    const active = await page.$eval('#vocals', (b) => {
      const mode = (b as HTMLElement).dataset.mode;
      return b.querySelector(`[data-seg="${mode}"]`)?.textContent;
    });
    assert.equal(active, '伴唱');
    await page.click('#vocals');
    await page.waitForSelector('#vocals[data-mode="vocalsOn"]');
  });

  it('pauses and resumes', async () => {
    await page.click('#pause');
    await page.waitForSelector('#pause[data-paused="true"]');
    assert.equal(await page.textContent('#pause'), '播放');
    assert.equal((await state()).player.paused, true);
    await page.click('#pause');
    await page.waitForSelector('#pause[data-paused="false"]');
    assert.equal((await state()).player.paused, false);
  });

  it('moves the music and mic volume sliders, and mutes', async () => {
    const before = await state();
    const music = before.volume.music === 35 ? 30 : 35;
    await page.fill('#music-volume', String(music));
    await waitUntil('music volume set', async () => ((await state()).volume.music === music ? true : undefined));
    await page.fill('#mic-volume', '60');
    await waitUntil('mic volume set', async () => ((await state()).volume.mic === 60 ? true : undefined));
    await page.click('#mute');
    await page.waitForSelector('#mute[data-muted="true"]');
    assert.equal((await state()).volume.muted, true);
    await page.click('#mute');
    await page.waitForSelector('#mute[data-muted="false"]');
  });

  it('删除 takes a song out of 已点', async () => {
    await page.click('#queue [data-song-id="demo-001"] [data-action="remove"]');
    await page.waitForSelector('#queue [data-entry-id]', { state: 'detached' });
    assert.deepEqual((await state()).player.upcoming, []);
  });

  it("shows the refusal in the guest's words when another screen removed the song first", async () => {
    await postJson(`${base}api/queue`, { songId: 'demo-001' });
    const item = await page.waitForSelector('#queue [data-entry-id][data-song-id="demo-001"]');
    const entryId = (await item.getAttribute('data-entry-id')) ?? '';
    // The phone remote removes it while this screen's request is on its way.
    await page.route(`**/api/queue/${entryId}`, async (route) => {
      const res = await fetch(`${base}api/queue/${entryId}`, { method: 'DELETE' });
      assert.equal(res.status, 200);
      await route.continue();
    });
    await page.click(`#queue [data-entry-id="${entryId}"] [data-action="remove"]`);
    await page.waitForSelector('#toast[data-kind="error"]:has-text("这首歌已经不在已点列表里")');
    await page.unroute(`**/api/queue/${entryId}`);
    await page.waitForSelector('#queue [data-entry-id]', { state: 'detached' });
  });

  it('switches to English and back', async () => {
    await page.click('#lang');
    await page.waitForSelector('#skip:has-text("Skip")');
    assert.match((await page.textContent('#vocals')) ?? '', /With vocals/);
    assert.equal(await page.textContent('#call'), 'Call staff');
    assert.equal(await page.textContent('#results [data-action="enqueue"]'), 'Pick');
    await page.click('#lang');
    await page.waitForSelector('#skip:has-text("切歌")');
    assert.equal(await page.textContent('#results [data-action="enqueue"]'), '点歌');
  });

  it('切歌 on the last song goes to 公播', async () => {
    await page.click('#skip');
    await page.waitForSelector('#now-playing[data-song-id=""]', { state: 'attached' });
    await page.waitForSelector('#bg-badge:not([hidden])');
    assert.equal((await state()).player.background, true);
    assert.deepEqual(pageErrors, []);
  });
});
