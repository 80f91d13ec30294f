/**
 * The admin page's room power settings panel (灯光与电源, issue #9) in real Chromium against the
 * simulated store (gateway and room agent as processes, real broker): the owner changes the idle
 * time, the welcome time and the welcome scene's levels (number field and slider) and saves → the
 * API has the new version, the room agent logs it and, when the front desk opens the room, its
 * light twin shows the new welcome look; an out-of-range level and an idle time of 0 are refused
 * by the API with the message next to the field, the form keeps what was typed and the saved
 * settings stay as they were; the language switch shows the panel in English.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchStore, type RunningStore } from '../store/launch.js';
import { launchChromium } from '../testkit/browser.js';
import { adminLogin, getJson, postJson } from '../testkit/http.js';
import { makeTempDir } from '../testkit/temp.js';
import { waitUntil } from '../testkit/wait.js';

interface LightScene {
  levels: Record<string, number>;
  relays: Record<string, boolean>;
  beat?: { levels: Record<string, number>; holdPct: number };
}
interface SceneSettings {
  version: number;
  idleMinutes: number;
  welcomeSeconds?: number;
  scenes: Record<string, LightScene>;
  updatedAt: number;
}
interface SimPower {
  lights: { frames: { at: number; look: Record<string, number> }[] };
  power: { on: boolean; scene: string; inUse: boolean };
}

const field = (pointer: string) => `#scenes-panel [data-pointer="${pointer}"]`;

describe('admin page: the lights and power panel (灯光与电源) saves to the rooms (Chromium)', () => {
  const temp = makeTempDir('scenes-panel');
  const password = 'scenes-panel-e2e';
  let store: RunningStore;
  let browser: Browser;
  let page: Page;
  let token: string;
  let first: SceneSettings;
  let saved: SceneSettings;
  const api = (path: string) => new URL(path, store.adminUrl).href;
  const scenes = async () => (await getJson<{ settings: SceneSettings }>(api('/api/scenes'), token)).settings;

  before(async () => {
    store = await launchStore({
      dataDir: temp.path,
      storeId: 's1',
      rooms: [{ id: '101', name: '101 小包' }],
      adminPassword: password,
    });
    token = await adminLogin(store.adminUrl, password);
    first = await scenes();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(store.adminUrl);
    await page.fill('#username', 'admin');
    await page.fill('#password', password);
    await page.click('#login');
    // The room heard the store's first scenes (scenes.update on coming online).
    await store.agents.get('101')?.waitForLog((l) => l.msg === 'light scenes updated' && l.version === first.version);
  });
  after(async () => {
    await browser?.close();
    await store?.stop();
    temp.remove();
  });

  it('opens with the saved settings: both times, every scene with its channels, the party beat', async () => {
    await page.click('#scenes-tab');
    await page.waitForSelector(`#scenes-panel[data-loaded="true"][data-version="${first.version}"]`);
    assert.equal(await page.inputValue(field('/idleMinutes')), String(first.idleMinutes));
    const shown = await page.$$eval('#scenes-panel fieldset[data-scene]', (list) =>
      list.map((f) => (f as HTMLElement).dataset.scene),
    );
    assert.deepEqual(shown, Object.keys(first.scenes));
    for (const [name, scene] of Object.entries(first.scenes)) {
      for (const [channel, level] of Object.entries(scene.levels)) {
        assert.equal(await page.inputValue(field(`/scenes/${name}/levels/${channel}`)), String(level), name);
      }
    }
    const party = first.scenes.party?.beat;
    assert.ok(party, 'the default party scene follows the beat');
    assert.equal(await page.isChecked(field('/scenes/party/beat')), true);
    assert.equal(await page.inputValue(field('/scenes/party/beat/holdPct')), String(party.holdPct));
    assert.equal(await page.isChecked(field('/scenes/soft/beat')), false);
    const text = (await page.locator('#scenes-panel').textContent()) ?? '';
    for (const word of [
      '灯光与电源',
      '无人自动关闭（分钟）',
      '迎宾画面（秒）',
      '迎宾',
      '明亮',
      '柔和',
      '派对',
      '浪漫',
      '清扫',
      '保存',
    ]) {
      assert.match(text, new RegExp(word));
    }
    // Finger-sized: the save button and the number fields are at least 44 px tall.
    for (const selector of ['#scenes-save', field('/idleMinutes'), field('/scenes/welcome/levels/main')]) {
      const box = await page.locator(selector).boundingBox();
      assert.ok(box && box.height >= 44, `${selector} is ${box?.height} px tall`);
    }
  });

  it('保存: the API has the new version, the room takes it and opens with the new welcome look', async () => {
    await page.fill(field('/idleMinutes'), '45');
    await page.fill(field('/welcomeSeconds'), '20');
    await page.fill(field('/scenes/welcome/levels/main'), '77');
    // The red slider moved by a finger (keys on the focused slider: the same input events).
    const red = page.locator('#scenes-panel [data-slider-for="/scenes/welcome/levels/red"]');
    await red.focus();
    for (let i = 0; i < 5; i += 1) await red.press('ArrowLeft');
    const redWas = first.scenes.welcome?.levels.red ?? 0;
    assert.equal(await page.inputValue(field('/scenes/welcome/levels/red')), String(redWas - 5));
    await page.click('#scenes-save');
    await page.waitForSelector(`#scenes-panel[data-state="saved"][data-version="${first.version + 1}"]`);
    assert.match(
      (await page.locator('#scenes-status').textContent()) ?? '',
      new RegExp(`已保存第 ${first.version + 1} 版`),
    );

    saved = await scenes();
    assert.equal(saved.version, first.version + 1);
    assert.equal(saved.idleMinutes, 45);
    assert.equal(saved.welcomeSeconds, 20);
    assert.deepEqual(saved.scenes.welcome?.levels, { ...first.scenes.welcome?.levels, main: 77, red: redWas - 5 });
    for (const name of Object.keys(first.scenes).filter((n) => n !== 'welcome')) {
      assert.deepEqual(saved.scenes[name], first.scenes[name], `${name} unchanged`);
    }

    const heard = await store.agents
      .get('101')
      ?.waitForLog((l) => l.msg === 'light scenes updated' && l.version === saved.version);
    assert.equal(heard?.idleMinutes, 45);
    // The front desk opens the room: its lights go to the welcome look just saved.
    const plans = await getJson<{ ratePlans: { id: string }[] }>(api('/api/business/settings'), token);
    await postJson(api('/api/rooms/101/open'), { ratePlanId: plans.ratePlans[0]?.id }, token);
    const touch = store.touchUrls.get('101') as string;
    const look = await waitUntil('the light twin showing the new welcome look', async () => {
      const p = await getJson<SimPower>(new URL('/api/sim/power', touch).href);
      const last = p.lights.frames.at(-1);
      return p.power.scene === 'welcome' && last?.look.main === 77 ? last.look : undefined;
    });
    assert.equal(look.red, redWas - 5);
    await store.agents
      .get('101')
      ?.waitForLog((l) => l.msg === 'welcome screen' && l.shown === true && l.seconds === 20);
  });

  it('out of range: the API refuses, the message is next to the field, the form keeps it, nothing saved', async () => {
    await page.fill(field('/scenes/party/levels/main'), '300');
    await page.fill(field('/idleMinutes'), '50');
    await page.click('#scenes-save');
    await page.waitForSelector('#scenes-panel[data-state="refused"]');
    const error = page.locator('#scenes-panel .scenes-field-error[data-for="/scenes/party/levels/main"]');
    assert.match((await error.textContent()) ?? '', /此项不符合要求：.*255/);
    // Next to its field: inside the party scene's row for `main`.
    assert.equal(await page.locator('fieldset[data-scene="party"] .scenes-level .scenes-field-error').count(), 1);
    assert.equal(await page.getAttribute(field('/scenes/party/levels/main'), 'aria-invalid'), 'true');
    assert.equal(await page.inputValue(field('/scenes/party/levels/main')), '300');
    assert.equal(await page.inputValue(field('/idleMinutes')), '50');
    assert.deepEqual(await scenes(), saved);

    // Fixed there, wrong elsewhere: the idle time of 0 is refused at its own field.
    await page.fill(field('/scenes/party/levels/main'), '250');
    await page.fill(field('/idleMinutes'), '0');
    await page.click('#scenes-save');
    await page.waitForSelector('#scenes-panel .scenes-field-error[data-for="/idleMinutes"]');
    assert.equal(await page.locator('#scenes-panel .scenes-field-error').count(), 1);
    assert.match((await page.locator('#scenes-status').textContent()) ?? '', /未保存/);
    assert.equal(await page.inputValue(field('/scenes/party/levels/main')), '250');
    assert.deepEqual(await scenes(), saved);
    await page.screenshot({ path: '/tmp/scenes-panel-refused.png', fullPage: true });

    await page.fill(field('/idleMinutes'), '50');
    await page.click('#scenes-save');
    await page.waitForSelector(`#scenes-panel[data-state="saved"][data-version="${saved.version + 1}"]`);
    const now = await scenes();
    assert.equal(now.idleMinutes, 50);
    assert.equal(now.scenes.party?.levels.main, 250);
    await store.agents.get('101')?.waitForLog((l) => l.msg === 'light scenes updated' && l.version === now.version);
  });

  it('relays as switches: a store with light relays turns one on in a scene and saves it', async () => {
    // The store's scenes name a ceiling relay (saved through the API, as another admin would).
    const before = await scenes();
    const withRelay = structuredClone(before.scenes);
    const bright = withRelay.bright as LightScene;
    bright.relays = { 'lights.ceiling': true };
    const put = await fetch(api('/api/scenes'), {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ idleMinutes: before.idleMinutes, scenes: withRelay }),
    });
    assert.equal(put.status, 200, await put.text());
    // Closed and opened again with nothing typed: the panel reads the newest version.
    await page.click('#scenes-tab');
    await page.click('#scenes-tab');
    await page.waitForSelector(`#scenes-panel[data-loaded="true"][data-version="${before.version + 1}"]`);
    assert.equal(await page.isChecked(field('/scenes/bright/relays/lights.ceiling')), true);
    assert.equal(await page.isChecked(field('/scenes/cleaning/relays/lights.ceiling')), false);
    // Absent in the PUT: the welcome time is absent again (the rooms use 15 s), the field empty.
    assert.equal(await page.inputValue(field('/welcomeSeconds')), '');
    await page.click(`#scenes-panel label[for="scenes-f-scenes-cleaning-relays-lights-ceiling"]`);
    await page.click('#scenes-save');
    await page.waitForSelector(`#scenes-panel[data-state="saved"][data-version="${before.version + 2}"]`);
    const now = await scenes();
    assert.deepEqual(now.scenes.cleaning?.relays, { 'lights.ceiling': true });
    assert.deepEqual(now.scenes.bright?.relays, { 'lights.ceiling': true });
    assert.deepEqual(
      now.scenes.soft?.relays,
      {},
      'a scene that never named the relay and leaves it off stays as it was',
    );
    assert.equal(now.welcomeSeconds, undefined);
  });

  it('another admin saves: an untouched panel shows it at once; typed changes stay, with a note', async () => {
    const putScenes = async (body: unknown) => {
      const res = await fetch(api('/api/scenes'), {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      assert.equal(res.status, 200, text);
      return (JSON.parse(text) as { settings: SceneSettings }).settings;
    };
    const before = await scenes();
    await page.waitForSelector(`#scenes-panel[data-version="${before.version}"]`);

    // Nothing typed here: the new version appears without a click (pushed on the admin websocket).
    const second = await putScenes({ idleMinutes: before.idleMinutes + 1, scenes: before.scenes });
    await page.waitForSelector(`#scenes-panel[data-loaded="true"][data-version="${second.version}"]`);
    assert.equal(await page.inputValue(field('/idleMinutes')), String(second.idleMinutes));
    assert.equal(await page.getAttribute('#scenes-panel', 'data-newer'), '');

    // Typed but not saved: the form keeps it and says a newer version exists.
    await page.fill(field('/scenes/soft/levels/main'), '42');
    const third = await putScenes({ idleMinutes: second.idleMinutes + 1, scenes: second.scenes });
    await page.waitForSelector(`#scenes-panel[data-newer="${third.version}"]`);
    assert.match(
      (await page.locator('#scenes-newer').textContent()) ?? '',
      new RegExp(`别处已保存第 ${third.version} 版`),
    );
    assert.equal(await page.inputValue(field('/scenes/soft/levels/main')), '42');
    assert.equal(await page.getAttribute('#scenes-panel', 'data-version'), String(second.version));

    // 保存 replaces it with what this form holds, and the note goes.
    await page.click('#scenes-save');
    await page.waitForSelector(`#scenes-panel[data-state="saved"][data-version="${third.version + 1}"][data-newer=""]`);
    const now = await scenes();
    assert.equal(now.scenes.soft?.levels.main, 42);
    assert.equal(now.idleMinutes, second.idleMinutes, "this form's idle time, not the other admin's");
    assert.equal(await page.locator('#scenes-newer').count(), 0);
  });

  it('the form rules in the page (scenes-draft.ts, as the browser runs it): a table of cases', async () => {
    const results = await page.evaluate(async (settings) => {
      const url = '/ui/scenes-draft.js';
      type Draft = {
        welcomeSeconds: number | null;
        scenes: Record<string, { levels: Record<string, number | null>; beat: { on: boolean } }>;
      };
      const m = (await import(url)) as {
        refusalOf(message: string): { pointer: string; reason: string };
        fieldFor(pointer: string, fields: readonly string[]): string;
        draftFrom(s: unknown): Draft;
        bodyFrom(d: Draft): unknown;
        levelFrom(text: string): number | null;
      };
      const fields = ['', '/idleMinutes', '/scenes/party', '/scenes/party/levels', '/scenes/party/levels/main'];
      const refusals = [
        'body/scenes/party/levels/main must be <= 255',
        'body/idleMinutes must be >= 1',
        "body must have required property 'scenes'",
        'body/scenes/party must NOT have additional properties',
        'invalid request',
      ].map((msg) => {
        const r = m.refusalOf(msg);
        return [r.pointer, r.reason, m.fieldFor(r.pointer, fields)];
      });
      const pointers = ['/scenes/party/levels/mainx', '/scenes/party/beat/holdPct', '/scenes/partyx', '/nope'].map(
        (p) => m.fieldFor(p, fields),
      );
      const roundTrip = m.bodyFrom(m.draftFrom(settings));
      const edited = m.draftFrom(settings);
      const cleaning = edited.scenes.cleaning as Draft['scenes'][string];
      cleaning.levels.red = 10; // not named before, now lit: sent
      cleaning.levels.main = 0; // named: sent at 0
      (edited.scenes.party as Draft['scenes'][string]).beat.on = false;
      (edited.scenes.soft as Draft['scenes'][string]).beat.on = true;
      edited.welcomeSeconds = 0;
      const levels = ['', ' ', '12', '300', 'x'].map((t) => m.levelFrom(t));
      return { refusals, pointers, roundTrip, edited: m.bodyFrom(edited), levels };
    }, first);
    assert.deepEqual(results.refusals, [
      ['/scenes/party/levels/main', 'must be <= 255', '/scenes/party/levels/main'],
      ['/idleMinutes', 'must be >= 1', '/idleMinutes'],
      ['', "must have required property 'scenes'", ''],
      ['/scenes/party', 'must NOT have additional properties', '/scenes/party'],
      ['', 'invalid request', ''],
    ]);
    assert.deepEqual(results.pointers, ['/scenes/party/levels', '/scenes/party', '', '']);
    const { version: _v, updatedAt: _u, ...input } = first;
    assert.deepEqual(results.roundTrip, input, 'saved settings come back unchanged when nothing is typed');
    const edited = results.edited as SceneSettings;
    assert.deepEqual(edited.scenes.cleaning?.levels, { ...first.scenes.cleaning?.levels, main: 0, red: 10 });
    assert.equal(edited.scenes.party?.beat, undefined);
    assert.deepEqual(edited.scenes.soft?.beat, { levels: {}, holdPct: 30 });
    assert.equal(edited.welcomeSeconds, 0);
    assert.deepEqual(results.levels, [null, null, 12, 300, Number.NaN]);
  });

  it('English: the same panel with the English labels, the typed values kept', async () => {
    await page.fill(field('/scenes/soft/levels/main'), '99');
    await page.click('#lang');
    await page.waitForSelector('#scenes-tab:text("Lights and power")');
    const text = (await page.locator('#scenes-panel').textContent()) ?? '';
    for (const words of [
      'Switch off when idle (minutes)',
      'Welcome screen (seconds)',
      'Welcome',
      'Party',
      'Cleaning',
      'Dimmer',
      'Follow the beat',
      'Save',
    ]) {
      assert.ok(text.includes(words), `${words} in ${text}`);
    }
    assert.doesNotMatch(text, /灯光与电源|保存/);
    assert.equal(await page.inputValue(field('/scenes/soft/levels/main')), '99');
    await page.screenshot({ path: '/tmp/scenes-panel-en.png', fullPage: true });
    await page.click('#lang');
    await page.waitForSelector('#scenes-tab:text("灯光与电源")');
  });
});
