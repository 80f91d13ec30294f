/**
 * The room's power end to end in the simulated store (issue #9), with real processes, a real
 * broker and real Chromium: the front desk opens room 101 on the admin page → the room's twin TV
 * powers on and shows the room box, the amplifier relay closes and the light twin receives the
 * welcome scene's DMX frame (decoded here byte by byte from the DMX widget message); the guests
 * pick 派对 on the touchscreen; the room box killed (-9) while the gateway is down comes back on by
 * itself from its saved state; checkout gives the cleaning scene; the room's clock moved past the
 * idle time switches TV, amplifier and lights off; the energy report (admin API, admin page and
 * `ktv-gateway report energy --json`) shows the hours the room's own events say.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchStore, type RunningStore } from '../store/launch.js';
import { launchChromium } from '../testkit/browser.js';
import { adminLogin, getJson, postJson } from '../testkit/http.js';
import { GATEWAY_BIN } from '../testkit/paths.js';
import { runProgram } from '../testkit/process.js';
import { makeTempDir } from '../testkit/temp.js';
import { waitUntil } from '../testkit/wait.js';

interface LightScene {
  levels: Record<string, number>;
}
interface SceneSettings {
  version: number;
  idleMinutes: number;
  scenes: Record<'welcome' | 'party' | 'cleaning' | 'off', LightScene>;
}
interface SimPower {
  tv: { status: string; input: string | null };
  outputs: { levels: Record<string, boolean> };
  lights: { frames: { at: number; look: Record<string, number>; wire: string }[] };
  power: { on: boolean; scene: string; inUse: boolean };
}
interface PowerEvent {
  type: string;
  at: number;
  data: { on: boolean; inUse: boolean; scene: string; reason: string };
}
interface EnergyReport {
  timeZone: string;
  rooms: {
    room: string;
    days: { date: string; onMs: number; inUseMs: number }[];
    totalOnMs: number;
    totalInUseMs: number;
  }[];
}

/** The room's channel map by default (firmware-config/agent.schema.json lights.channels, 24-slot frame). */
const SLOT = { main: 1, red: 2, green: 3, blue: 4, white: 5, strobe: 6 } as const;
const FRAME_SLOTS = 24;

/**
 * Decodes an Enttec DMX USB Pro "Send DMX" message byte by byte:
 * 0x7E | label 6 | length LSB | length MSB | start code 0x00 | slots | 0xE7.
 */
function decodeWidgetMessage(hex: string): number[] {
  const b = Buffer.from(hex, 'hex');
  assert.equal(b[0], 0x7e, 'start of message');
  assert.equal(b[1], 6, 'label 6: output only send DMX packet');
  const length = (b[2] ?? 0) | ((b[3] ?? 0) << 8);
  assert.equal(length, FRAME_SLOTS + 1, 'length = start code + slots');
  assert.equal(b.length, length + 5, 'whole message');
  assert.equal(b[4], 0x00, 'DMX start code');
  assert.equal(b[b.length - 1], 0xe7, 'end of message');
  return [...b.subarray(5, 5 + FRAME_SLOTS)];
}

/** The DMX slots a look must give: each named channel at its slot, everything else 0. */
function expectedSlots(levels: Record<string, number>): number[] {
  const slots = new Array<number>(FRAME_SLOTS).fill(0);
  for (const [name, slot] of Object.entries(SLOT)) slots[slot - 1] = levels[name] ?? 0;
  return slots;
}

const day = (ms: number, tz: string) => new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(ms);
const addDays = (date: string, n: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

describe('room power end to end: open, welcome scene, party, checkout, idle off, energy hours (Chromium)', () => {
  const temp = makeTempDir('room-power');
  const password = 'room-power-e2e';
  let store: RunningStore;
  let browser: Browser;
  let admin: Page;
  let touch: Page;
  let token: string;
  let scenes: SceneSettings;
  let touchUrl: string;
  const savedEnv = process.env.KTV_AGENT_CLOCK_CONTROL;
  const api = (path: string) => new URL(path, store.adminUrl).href;
  const room = (path: string) => new URL(path, touchUrl).href;
  const simPower = () => getJson<SimPower>(room('/api/sim/power'));
  /** The last light frame, decoded from the wire bytes, once it shows `levels`. */
  const frameShowing = (what: string, levels: Record<string, number>) =>
    waitUntil(`the light twin showing the ${what} look`, async () => {
      const frame = (await simPower()).lights.frames.at(-1);
      if (!frame) return undefined;
      const slots = decodeWidgetMessage(frame.wire);
      return JSON.stringify(slots) === JSON.stringify(expectedSlots(levels)) ? slots : undefined;
    });

  before(async () => {
    // The rooms' agents (child processes) get a clock this test can move forward.
    process.env.KTV_AGENT_CLOCK_CONTROL = '1';
    store = await launchStore({
      dataDir: temp.path,
      storeId: 's1',
      rooms: [
        { id: '101', name: '101 小包' },
        { id: '102', name: '102 中包' },
      ],
      adminPassword: password,
    });
    touchUrl = store.touchUrls.get('101') as string;
    token = await adminLogin(store.adminUrl, password);
    scenes = (await getJson<{ settings: SceneSettings }>(api('/api/scenes'), token)).settings;
    browser = await launchChromium();
    admin = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await admin.goto(store.adminUrl);
    await admin.fill('#username', 'admin');
    await admin.fill('#password', password);
    await admin.click('#login');
    touch = await browser.newPage({ viewport: { width: 1024, height: 600 } });
    await touch.goto(touchUrl);
  });
  after(async () => {
    if (savedEnv === undefined) delete process.env.KTV_AGENT_CLOCK_CONTROL;
    else process.env.KTV_AGENT_CLOCK_CONTROL = savedEnv;
    await browser?.close();
    await store?.stop();
    temp.remove();
  });

  it('a free room is dark: TV in standby, relays open, no scene to pick on the touchscreen', async () => {
    await admin.waitForSelector('[data-room="101"][data-state="idle"]');
    // The room heard the store's scenes (scenes.update on coming online).
    await store.agents.get('101')?.waitForLog((l) => l.msg === 'light scenes updated');
    const p = await simPower();
    assert.equal(p.tv.status, 'standby');
    assert.deepEqual(p.outputs.levels, { tvPower: false, ampPower: false });
    assert.equal(p.power.on, false);
    await touch.waitForSelector('#scene-picker[data-in-use="false"] [data-scene="party"]:disabled');
  });

  it('开房 on the admin page: TV on showing the room box, amplifier on, the welcome frame on the lights', async () => {
    // The store's welcome time travels to the rooms like the idle time (scenes.update); long here,
    // so that the welcome screen is surely still up when this test looks at it.
    const put = await fetch(api('/api/scenes'), {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ idleMinutes: scenes.idleMinutes, welcomeSeconds: 600, scenes: scenes.scenes }),
    });
    assert.equal(put.status, 200, await put.text());
    await store.agents
      .get('101')
      ?.waitForLog((l) => l.msg === 'light scenes updated' && l.version === scenes.version + 1);
    await admin.click('[data-room="101"]');
    await admin.waitForSelector('#room-drawer[data-drawer-room="101"][data-state="idle"]');
    await admin.click('#room-drawer [data-action="open"]');
    await admin.waitForSelector('#desk-form[data-form="open"] #open-plan');
    const plans = await getJson<{ ratePlans: { id: string }[] }>(api('/api/business/settings'), token);
    await admin.selectOption('#open-plan', (plans.ratePlans[0] as { id: string }).id);
    await admin.click('#desk-form [data-action="confirm"]');
    await admin.waitForSelector('[data-room="101"][data-state="inUse"]');
    await admin.click('#room-drawer [data-action="close-drawer"]');

    await store.agents
      .get('101')
      ?.waitForLog((l) => l.msg === 'room power' && l.scene === 'welcome' && l.inUse === true);
    const on = await waitUntil('the TV twin on', async () => {
      const p = await simPower();
      return p.tv.status === 'on' ? p : undefined;
    });
    assert.equal(on.tv.input, '1.0.0.0', 'the room box is the active source');
    assert.deepEqual(on.outputs.levels, { tvPower: true, ampPower: true });
    const slots = await frameShowing('welcome', scenes.scenes.welcome.levels);
    // The TV's welcome screen: the player draws 欢迎光临 and the room's name over the picture.
    const shown = await store.agents
      .get('101')
      ?.waitForLog((l) => l.msg === 'welcome screen' && l.shown === true && l.seconds === 600);
    assert.equal(shown?.reason, 'sessionOpened');
    const { welcome } = await getJson<{ welcome: { shown: boolean; overlay: { ass: string } | null } | null }>(
      room('/api/welcome'),
    );
    assert.equal(welcome?.shown, true);
    assert.match(welcome?.overlay?.ass ?? '', /欢迎光临[\s\S]*101 小包/);
    assert.equal(slots[SLOT.main - 1], scenes.scenes.welcome.levels.main);
    assert.ok(slots.some((v) => v > 0));
    // Room 102 stays dark.
    const other = await getJson<SimPower>(new URL('/api/sim/power', store.touchUrls.get('102')).href);
    assert.equal(other.tv.status, 'standby');
  });

  it('the guests pick 派对 on the touchscreen: the party look goes out, the room reports it', async () => {
    await touch.waitForSelector('#scene-picker[data-in-use="true"] [data-scene="party"]:enabled');
    await touch.click('#scene-picker [data-scene="party"]');
    await touch.waitForSelector('#scene-picker[data-scene="party"] [data-scene="party"][aria-pressed="true"]');
    await touch.screenshot({ path: '/tmp/room-power-touch.png' });
    await frameShowing('party', scenes.scenes.party.levels);
    await waitUntil('the party scene recorded on the gateway', async () => {
      const answer = await getJson<{ events: PowerEvent[] }>(api('/api/rooms/101/events?after=0'), token);
      return answer.events.some((e) => e.type === 'power.changed' && e.data.scene === 'party' && e.data.inUse)
        ? true
        : undefined;
    });
  });

  it('kill -9 of the room box while the gateway is down: it comes back on by itself, 派对 included', async () => {
    await store.gateway.stop();
    await store.agents.get('101')?.stop('SIGKILL');
    // A new process with fresh twins (TV in standby, dark lights) and no gateway to ask.
    const again = await store.startAgent('101');
    touchUrl = store.touchUrls.get('101') as string;
    await again.waitForLog((l) => l.msg === 'room power' && l.reason === 'restored' && l.scene === 'party');
    await waitUntil('the new TV twin on', async () => ((await simPower()).tv.status === 'on' ? true : undefined));
    await frameShowing('party', scenes.scenes.party.levels);
    assert.deepEqual((await simPower()).outputs.levels, { tvPower: true, ampPower: true });
    // The gateway comes back; the front desk is still signed in (the gateway keeps its sessions).
    await store.startGateway();
    await again.waitForLog((l) => l.msg === 'gateway connected');
    const rooms = await fetch(api('/api/rooms'), { headers: { authorization: `Bearer ${token}` } });
    assert.equal(rooms.status, 200, 'the token from before the restart still works');
    await admin.reload();
    await admin.waitForSelector('[data-room="101"][data-state="inUse"]');
    assert.equal(await admin.isVisible('#login'), false, 'no sign-in form after the restart');
    await touch.waitForSelector('#scene-picker[data-in-use="true"][data-scene="party"]');
  });

  it('结账: the cleaning scene; TV and amplifier stay on for the staff', async () => {
    await admin.click('[data-room="101"]');
    await admin.waitForSelector('#room-drawer[data-drawer-room="101"][data-state="inUse"] [data-action="checkout"]');
    await admin.click('#room-drawer [data-action="checkout"]');
    await admin.waitForSelector('#desk-form[data-form="checkout"] #bill-total');
    await admin.click('#desk-form [data-action="confirm"]');
    await admin.waitForSelector('#desk-form[data-form="checkedOut"]');
    await admin.waitForSelector('[data-room="101"][data-state="cleaning"]');
    await frameShowing('cleaning', scenes.scenes.cleaning.levels);
    const p = await simPower();
    assert.equal(p.tv.status, 'on');
    assert.deepEqual(p.outputs.levels, { tvPower: true, ampPower: true });
    assert.equal(p.power.inUse, false);
    await touch.waitForSelector('#scene-picker[data-in-use="false"]');
  });

  it('the room clock moved past the idle time: TV standby, relays open, lights dark', async () => {
    // One minute short: still on.
    await postJson(room('/api/sim/clock'), { ms: (scenes.idleMinutes - 1) * 60_000 });
    const short = await simPower();
    assert.equal(short.tv.status, 'on');
    await postJson(room('/api/sim/clock'), { ms: 61_000 });
    await store.agents.get('101')?.waitForLog((l) => l.msg === 'room power' && l.on === false);
    const off = await waitUntil('the TV twin in standby', async () => {
      const p = await simPower();
      return p.tv.status === 'standby' ? p : undefined;
    });
    assert.deepEqual(off.outputs.levels, { tvPower: false, ampPower: false });
    const dark = await frameShowing('off', {});
    assert.ok(dark.every((v) => v === 0));
  });

  it('the energy report: hours powered and in use as the room reported them (API, admin page, CLI)', async () => {
    const events = await waitUntil('the power events on the gateway', async () => {
      const answer = await getJson<{ events: PowerEvent[] }>(api('/api/rooms/101/events?after=0'), token);
      const power = answer.events.filter((e) => e.type === 'power.changed' || e.type === 'agent.started');
      return power.some((e) => e.type === 'power.changed' && !e.data.on) ? power : undefined;
    });
    const powerEvents = events.filter((e) => e.type === 'power.changed');
    const opened = powerEvents.find((e) => e.data.on && e.data.inUse);
    const off = powerEvents.find((e) => !e.data.on);
    assert.ok(opened && off, JSON.stringify(events));
    assert.equal(off.data.reason, 'idle');
    assert.ok(
      powerEvents.some((e) => e.data.reason === 'restored'),
      'the restarted box reported its restored state',
    );
    // docs/room-power.md: a restart ends what was on at the room's last event before it.
    const expected = { on: 0, inUse: 0 };
    let onSince: number | null = null;
    let useSince: number | null = null;
    let lastAt = 0;
    for (const e of events) {
      if (e.type === 'agent.started') {
        if (onSince !== null) expected.on += lastAt - onSince;
        if (useSince !== null) expected.inUse += lastAt - useSince;
        onSince = null;
        useSince = null;
      } else {
        if (e.data.on && onSince === null) onSince = e.at;
        if (!e.data.on && onSince !== null) {
          expected.on += e.at - onSince;
          onSince = null;
        }
        if (e.data.inUse && useSince === null) useSince = e.at;
        if (!e.data.inUse && useSince !== null) {
          expected.inUse += e.at - useSince;
          useSince = null;
        }
      }
      lastAt = e.at;
    }
    const expectOn = expected.on;
    const expectInUse = expected.inUse;
    assert.ok(expectOn >= scenes.idleMinutes * 60_000, 'powered at least the idle time');
    assert.ok(expectInUse > 0 && expectInUse < expectOn);
    const tz = 'Asia/Shanghai';
    const from = addDays(day(opened.at, tz), -1);
    const to = addDays(day(off.at, tz), 1);
    // The report reads the journal's durable records: the last event may still be on its way to the disk.
    const report = await waitUntil('the energy report with the room switched off', async () => {
      const r = await getJson<EnergyReport>(api(`/api/energy?from=${from}&to=${to}`), token);
      return r.rooms.find((x) => x.room === '101')?.totalOnMs === expectOn ? r : undefined;
    });
    assert.equal(report.timeZone, tz);
    const r101 = report.rooms.find((r) => r.room === '101');
    assert.ok(r101);
    assert.equal(r101.totalOnMs, expectOn);
    assert.equal(r101.totalInUseMs, expectInUse);
    assert.equal(report.rooms.find((r) => r.room === '102')?.totalOnMs, 0);

    const cli = await runProgram(GATEWAY_BIN, [
      'report',
      'energy',
      '--from',
      from,
      '--to',
      to,
      '--data',
      join(temp.path, 'gateway'),
      '--json',
    ]);
    assert.equal(cli.code, 0, cli.stderr);
    const fromCli = JSON.parse(cli.stdout) as EnergyReport;
    assert.deepEqual(
      fromCli.rooms.map((r) => [r.room, r.totalOnMs, r.totalInUseMs]),
      report.rooms.map((r) => [r.room, r.totalOnMs, r.totalInUseMs]),
    );

    // The admin page's energy panel shows the same hours per room and day.
    await admin.click('#room-drawer [data-action="close-drawer"]');
    await admin.click('#energy-tab');
    await admin.fill('#energy-from', from);
    await admin.fill('#energy-to', to);
    await admin.click('#energy-show');
    await admin.waitForSelector(`#energy-panel[data-loaded="true"][data-from="${from}"]`);
    const shown = await admin.$$eval('#energy-panel [data-energy-room="101"][data-date]', (rows) =>
      rows.map((r) => [Number((r as HTMLElement).dataset.onMs), Number((r as HTMLElement).dataset.inUseMs)]),
    );
    assert.equal(
      shown.reduce((s, [onMs = 0]) => s + onMs, 0),
      expectOn,
    );
    assert.equal(
      shown.reduce((s, [, inUse = 0]) => s + inUse, 0),
      expectInUse,
    );
    const text = (await admin.locator('#energy-panel').textContent()) ?? '';
    assert.match(text, /通电/);
    assert.match(text, /空耗/);
    await admin.screenshot({ path: '/tmp/room-power-energy.png', fullPage: true });
  });
});
