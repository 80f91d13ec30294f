/**
 * Every room's copy of the catalog and its media cache (issue #4), against a real Aedes broker
 * carrying the retained `store/catalog` announcement, a stand-in for the gateway's library HTTP
 * routes (same paths, Basic auth, Range), a real agent and a real headless mpv; then the
 * touchscreen's search screen in real Chromium.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  type Agent,
  type AgentStateView,
  createAgent,
  makeTestCatalog,
  StandInLibrary,
  validateConfig,
} from '@ktv/agent';
import {
  createGateway,
  type Gateway,
  parseConfig,
  provisionDevice,
  type RoomBundle,
  SettingsStore,
} from '@ktv/gateway';
import {
  type CatalogAnnouncement,
  type CatalogSnapshot,
  type CatalogSong,
  diffCatalog,
  type RoomEvent,
  storeTopic,
} from '@ktv/protocol';
import { Aedes } from 'aedes';
import { connect, type MqttClient } from 'mqtt';
import { pino } from 'pino';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../testkit/browser.js';
import { getJson, postJson } from '../testkit/http.js';
import { makeTempDir } from '../testkit/temp.js';
import { waitUntil } from '../testkit/wait.js';

const STORE = 's1';
const logger = pino({ level: process.env.KTV_TEST_LOG ?? 'silent' });

interface LibraryView {
  version: number | null;
  songs: number;
  lastError: { code: string } | null;
  skipped: { songId: string; title: string } | null;
  media: { files: number; bytes: number } | null;
}
type State = AgentStateView & { library: LibraryView };
interface SongsAnswer {
  total: number;
  songs: { id: string; title: string; artist: string }[];
}

function song(id: string, title: string, artist: string, over: Partial<CatalogSong> = {}): CatalogSong {
  return {
    id,
    title,
    artists: [artist],
    language: '国语',
    category: '流行',
    durationMs: 3000,
    media: `songs/${id}.mkv`,
    lyrics: null,
    vocals: { kind: 'track', vocalsTrack: 1, backingTrack: 2 },
    addedAt: 1_700_000_000_000,
    ...over,
  };
}

const SONGS_V1: CatalogSong[] = [
  song('s1', '月亮代表我的心', '邓丽君', { plays: { week: 9, all: 90 } }),
  song('s2', '海阔天空', 'Beyond', { language: '粤语', plays: { week: 3, all: 300 } }),
  song('s3', '青花瓷', '周杰伦', { plays: { week: 5, all: 50 } }),
  song('s4', '甜蜜蜜', '邓丽君', { plays: { week: 1, all: 10 } }),
  song('s5', '稻香', '周杰伦', { addedAt: 1_800_000_000_000 }),
];
const snap = (version: number, songs: CatalogSong[]): CatalogSnapshot => ({ version, createdAt: version, songs });

async function startBroker(): Promise<{ url: string; close(): Promise<void> }> {
  const broker = await Aedes.createBroker();
  const server: Server = createServer(broker.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('room catalog replica, media cache and search screen', () => {
  const temp = makeTempDir('room-catalog');
  const lib = new StandInLibrary('room-101', 'pw-101');
  let broker: { url: string; close(): Promise<void> };
  let store: MqttClient;
  let libUrl = '';
  let agent: Agent | undefined;
  let base = '';
  const events: RoomEvent[] = [];
  const dataDir = join(temp.path, 'room-101');

  const announce = async (a: CatalogAnnouncement) => {
    await store.publishAsync(storeTopic(STORE, 'catalog'), JSON.stringify(a), { qos: 1, retain: true });
  };
  const state = () => getJson<State>(`${base}api/state`);
  const songs = (query: string) => getJson<SongsAnswer>(`${base}api/songs?${query}`);
  const waitLibrary = (what: string, pred: (l: LibraryView) => boolean, timeoutMs = 15_000) =>
    waitUntil(
      what,
      async () => {
        const l = (await state()).library;
        return pred(l) ? l : undefined;
      },
      { timeoutMs },
    );

  const startAgent = async () => {
    const checked = validateConfig({
      version: 1,
      storeId: STORE,
      roomId: '101',
      roomName: '101 小包',
      dataDir,
      gateway: { mqttUrl: broker.url, username: 'room-101', password: 'pw-101' },
      web: { host: '127.0.0.1', port: 0 },
      sensors: { driver: 'sim' },
      player: { driver: 'mpv', extraArgs: ['--vo=null', '--ao=null'] },
      catalog: { source: 'gateway', gatewayHttpUrl: libUrl },
      mediaCache: { maxBytes: 50_000_000, prefetch: 5 },
    });
    if (!checked.ok) throw new Error(checked.errors.join('; '));
    agent = createAgent({ config: checked.value, logger, backoff: { minMs: 50, maxMs: 200 } });
    const { webPort } = await agent.start();
    base = `http://127.0.0.1:${webPort}/`;
  };

  before(async () => {
    mkdirSync(dataDir, { recursive: true });
    const mediaDir = join(temp.path, 'media');
    mkdirSync(mediaDir, { recursive: true });
    await makeTestCatalog(mediaDir, { two: 30, lr: 2, bg: 2 });
    const two = readFileSync(join(mediaDir, 'two.mkv'));
    for (const s of SONGS_V1) lib.media.set(s.id, two);
    lib.media.set('s6', two);
    libUrl = await lib.start();
    broker = await startBroker();
    store = await connect(broker.url, { clientId: 'store-test', reconnectPeriod: 0 }).on('error', () => undefined);
    await new Promise<void>((resolve) => store.once('connect', () => resolve()));
    await store.subscribeAsync(`ktv/v1/${STORE}/rooms/101/events`, { qos: 1 });
    store.on('message', (_topic, payload) => events.push(JSON.parse(payload.toString()) as RoomEvent));
  });
  after(async () => {
    await agent?.stop();
    await store?.endAsync();
    await broker?.close();
    await lib.stop();
    temp.remove();
  });

  it('takes the announced catalog; an agent offline during an update catches up when it returns', async () => {
    await announce(lib.announcement(snap(1, SONGS_V1)));
    await startAgent();
    await waitLibrary('catalog v1', (l) => l.version === 1);
    assert.deepEqual(
      (await songs('q=青花瓷')).songs.map((s) => s.id),
      ['s3'],
    );
    await agent?.stop();
    agent = undefined;

    // While the room is off, the store adds a song (v2, with a delta from v1).
    const v2 = [...SONGS_V1, song('s6', '小幸运', '田馥甄')];
    await announce(lib.announcement(snap(2, v2), [diffCatalog(SONGS_V1, v2, 1, 2)]));
    lib.requests.length = 0;
    await startAgent();
    await waitLibrary('catalog v2 after the restart', (l) => l.version === 2 && l.songs === 6);
    assert.ok(
      lib.requests.some((r) => r.path === '/library/catalog/1-2.json.gz'),
      'caught up with the delta from its own version',
    );
    assert.deepEqual(
      (await songs('q=小幸运')).songs.map((s) => s.id),
      ['s6'],
    );
  });

  it('a corrupt download (bad sha256) keeps the old catalog and is reported', async () => {
    const v3 = snap(3, [...SONGS_V1, song('s7', '后来', '刘若英')]);
    await announce(lib.announcement(v3, [], true));
    const l = await waitLibrary('the refusal', (x) => x.lastError !== null);
    assert.equal(l.lastError?.code, 'KTV_E_DOWNLOAD_SHA256');
    assert.equal(l.version, 2);
    assert.equal((await songs('q=后来')).total, 0);
    assert.deepEqual(
      (await songs('q=小幸运')).songs.map((s) => s.id),
      ['s6'],
    );
  });

  it('a queued song plays from the media cache with the gateway down; one not cached is skipped with a reason', async () => {
    await postJson(`${base}api/queue`, { songId: 's1' });
    await postJson(`${base}api/queue`, { songId: 's2' });
    await postJson(`${base}api/queue`, { songId: 's3' });
    // Prefetch in queue order: the playing song, then 已点.
    await waitLibrary('3 songs in the media cache', (l) => (l.media?.files ?? 0) >= 3, 30_000);
    const fetched = lib.requests.filter((r) => r.path.startsWith('/library/media/')).map((r) => r.path);
    assert.deepEqual(fetched.slice(0, 3), ['/library/media/s1', '/library/media/s2', '/library/media/s3']);

    // The gateway goes away; a song that was never fetched is queued behind them.
    lib.down = true;
    await postJson(`${base}api/queue`, { songId: 's4' });
    await postJson(`${base}api/player/skip`);
    await waitUntil('s2 playing from the cache', async () =>
      (await state()).player?.current?.songId === 's2' ? true : undefined,
    );
    await waitUntil('mpv playing s2', async () => ((await state()).player?.positionMs ?? 0) > 200 || undefined);
    assert.equal((await songs('q=海阔')).songs[0]?.id, 's2', 'search keeps working with the gateway down');

    await postJson(`${base}api/player/skip`);
    await waitUntil('s3 playing', async () => ((await state()).player?.current?.songId === 's3' ? true : undefined));
    await postJson(`${base}api/player/skip`);
    const l = await waitLibrary('s4 skipped', (x) => x.skipped?.songId === 's4', 20_000);
    assert.equal(l.skipped?.title, '甜蜜蜜');
    const ended = await waitUntil('song.ended reason error for s4', () =>
      events.find((e) => e.type === 'song.ended' && (e.data as { songId?: string }).songId === 's4'),
    );
    assert.equal((ended.data as { reason?: string }).reason, 'error');
    lib.down = false;
  });

  describe('the touchscreen search screen in Chromium', () => {
    let browser: Browser;
    let page: Page;
    const pageErrors: string[] = [];
    const resultIds = () =>
      page.$$eval('#results [data-song-id]', (rows) => rows.map((r) => (r as HTMLElement).dataset.songId ?? ''));
    const waitResults = (ids: string[]) =>
      page.waitForFunction(
        (want) =>
          JSON.stringify(
            Array.from(document.querySelectorAll('#results [data-song-id]')).map(
              (r) => (r as HTMLElement).dataset.songId,
            ),
          ) === JSON.stringify(want),
        ids,
      );

    before(async () => {
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1024, height: 600 } });
      page.on('pageerror', (e) => pageErrors.push(String(e)));
      await page.goto(base);
      await page.waitForSelector('#search-tabs [data-tab="pinyin"][aria-selected="true"]');
    });
    after(async () => {
      await browser?.close();
    });

    it('拼音点歌: the letter pad finds songs by initials as the guest taps', async () => {
      await page.click('#search-tabs [data-tab="pinyin"]');
      await page.click('#letter-pad [data-letter="Q"]');
      await page.click('#letter-pad [data-letter="H"]');
      await page.click('#letter-pad [data-letter="C"]');
      assert.equal(await page.inputValue('#search'), 'qhc');
      await waitResults(['s3']);
      await page.click('#letter-pad [data-letter="delete"]');
      assert.equal(await page.inputValue('#search'), 'qh');
      const small = await page.evaluate(() =>
        Array.from(document.querySelectorAll('button, input'))
          .filter((el) => (el as HTMLElement).offsetParent !== null)
          .filter((el) => el.getBoundingClientRect().height < 56)
          .map((el) => el.id || el.getAttribute('data-letter') || el.getAttribute('data-tab')),
      );
      assert.deepEqual(small, [], 'every key is at least 56 px high');
      await page.screenshot({ path: '/tmp/touch-search.png' });
    });

    it('歌星点歌: singers by initial with song counts, a singer shows their songs', async () => {
      await page.click('#search-clear');
      await page.click('#search-tabs [data-tab="singer"]');
      await page.click('#singer-initials [data-initial="Z"]');
      await page.waitForFunction(
        () =>
          document.querySelector('#singers [data-singer="周杰伦"]') &&
          !document.querySelector('#singers [data-singer="邓丽君"]'),
      );
      assert.match((await page.textContent('#singers [data-singer="周杰伦"]')) ?? '', /2 首/);
      await page.click('#singers [data-singer="周杰伦"]');
      await waitResults(['s3', 's5'].sort());
      assert.deepEqual((await resultIds()).sort(), ['s3', 's5']);
      await page.click('[data-action="singer-back"]');
      await page.waitForSelector('#singers [data-singer="周杰伦"]');
    });

    it('字数点歌 and 语种 filter the songs', async () => {
      await page.click('#search-tabs [data-tab="length"]');
      await page.click('[data-word-count="2"]');
      await waitResults(['s5']);
      // The last key is "7 字以上": it asks for at least 7, not exactly 7.
      const asked = page.waitForRequest((r) => r.url().includes('minWordCount=7'));
      await page.click('[data-word-count="7"]');
      await asked;
      await waitResults(['s1']);
      await page.click('[data-word-count="2"]');
      await waitResults(['s5']);
      await page.click('#search-tabs [data-tab="language"]');
      await page.click('[data-language="粤语"]');
      await waitResults(['s2']);
    });

    it('排行榜: this week by plays, new songs by date, and a chart row can be picked', async () => {
      await page.click('#search-tabs [data-tab="charts"]');
      await page.waitForFunction(
        () => document.querySelector('#results [data-song-id]')?.getAttribute('data-song-id') === 's1',
      );
      assert.deepEqual((await resultIds()).slice(0, 4), ['s1', 's3', 's2', 's4']);
      await page.click('[data-chart="new"]');
      await page.waitForFunction(
        () => document.querySelector('#results [data-song-id]')?.getAttribute('data-song-id') === 's5',
      );
      await page.click('#results [data-song-id="s5"] [data-action="enqueue"]');
      // Nothing else is queued: it plays at once (fetched from the gateway, which is back).
      await page.waitForSelector('#now-playing[data-song-id="s5"], #queue [data-entry-id][data-song-id="s5"]');
      assert.deepEqual(pageErrors, []);
    });
  });
});

describe('room catalog against the real gateway (import, announcement, /library routes)', () => {
  const temp = makeTempDir('room-catalog-gw');
  let gateway: Gateway | undefined;
  let agent: Agent | undefined;
  let base = '';
  let room: RoomBundle;
  let httpUrl = '';
  let mqttUrl = '';
  const state = () => getJson<State>(`${base}api/state`);

  before(async () => {
    const media = join(temp.path, 'media');
    const songs = join(temp.path, 'songs');
    mkdirSync(media, { recursive: true });
    mkdirSync(songs, { recursive: true });
    await makeTestCatalog(media, { two: 30, lr: 2, bg: 2 });
    copyFileSync(join(media, 'two.mkv'), join(songs, '周杰伦-青花瓷.mkv'));
    copyFileSync(join(media, 'two.lrc'), join(songs, '周杰伦-青花瓷.lrc'));
    copyFileSync(join(media, 'two.mkv'), join(songs, '邓丽君-甜蜜蜜.mkv'));
    const gwData = join(temp.path, 'gateway');
    mkdirSync(gwData, { recursive: true });
    const settings = await SettingsStore.open(gwData);
    room = (await provisionDevice(settings, {
      kind: 'room',
      room: '101',
      roomName: '101 小包',
      storeId: STORE,
      mqttUrl: 'mqtt://127.0.0.1:1',
    })) as RoomBundle;
    const config = parseConfig({
      storeId: STORE,
      mqtt: { host: '127.0.0.1', port: 0 },
      http: { host: '127.0.0.1', port: 0 },
    });
    gateway = createGateway({ dataDir: gwData, config, logger, adminPassword: 'desk-secret' });
    const ports = await gateway.start();
    httpUrl = `http://127.0.0.1:${ports.httpPort}`;
    mqttUrl = `mqtt://127.0.0.1:${ports.mqttPort}`;
    const { token } = await postJson<{ token: string }>(`${httpUrl}/api/login`, {
      username: 'admin',
      password: 'desk-secret',
    });
    const res = await fetch(`${httpUrl}/api/library/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ path: songs }),
    });
    assert.equal(res.status, 200, await res.clone().text());
  });
  after(async () => {
    await agent?.stop();
    await gateway?.stop();
    temp.remove();
  });

  it('a room takes the imported catalog; a queued song plays from the cache with its lyrics once the gateway is gone', async () => {
    const checked = validateConfig({
      version: 1,
      storeId: STORE,
      roomId: '101',
      roomName: '101 小包',
      dataDir: join(temp.path, 'room-101'),
      gateway: { mqttUrl, username: room.username, password: room.password },
      web: { host: '127.0.0.1', port: 0 },
      sensors: { driver: 'sim' },
      player: { driver: 'mpv', extraArgs: ['--vo=null', '--ao=null'] },
      catalog: { source: 'gateway', gatewayHttpUrl: httpUrl },
    });
    if (!checked.ok) throw new Error(checked.errors.join('; '));
    agent = createAgent({ config: checked.value, logger, backoff: { minMs: 50, maxMs: 200 } });
    base = `http://127.0.0.1:${(await agent.start()).webPort}/`;
    await waitUntil('the catalog from the gateway', async () =>
      (await state()).library.songs === 2 ? true : undefined,
    );
    const found = await getJson<SongsAnswer>(`${base}api/songs?q=qhc`);
    assert.equal(found.songs[0]?.title, '青花瓷');
    const sweet = (await getJson<SongsAnswer>(`${base}api/songs?q=tmm`)).songs[0];
    assert.ok(sweet);
    const blue = found.songs[0];
    assert.ok(blue);
    // 甜蜜蜜 plays at once (fetched first); 青花瓷 waits in 已点 and is fetched ahead, with its lyrics.
    await postJson(`${base}api/queue`, { songId: sweet.id });
    await postJson(`${base}api/queue`, { songId: blue.id });
    await waitUntil('both songs cached', async () => ((await state()).library.media?.files === 2 ? true : undefined));

    // 甜蜜蜜 waits paused while the gateway goes away (its stop may take a while).
    await postJson(`${base}api/player/pause`);
    await gateway?.stop();
    gateway = undefined;
    await postJson(`${base}api/player/skip`);
    await waitUntil('青花瓷 playing from the cache with its lyrics, the gateway gone', async () => {
      const p = (await state()).player;
      return p?.current?.songId === blue.id && p.positionMs > 200 && p.lyrics.current !== null ? true : undefined;
    });
    assert.equal((await getJson<SongsAnswer>(`${base}api/songs?q=青花`)).total, 1, 'search with the gateway gone');
  });
});
