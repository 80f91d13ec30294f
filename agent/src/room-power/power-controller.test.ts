import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultSceneSettings, type RoomEventInput, type SceneSettings } from '@ktv/protocol';
import { pino } from 'pino';
import type { DmxLayout } from '../hardware/lights/channel-map.js';
import { SimLights } from '../hardware/lights/sim-lights.js';
import { SimOutputs } from '../hardware/outputs/sim-outputs.js';
import { SimTv } from '../hardware/tv/sim-tv.js';
import { FakeClock } from '../time/fake-clock.js';
import { powerDevices } from './devices.js';
import { PowerController } from './power-controller.js';
import { memoryPowerStore, type PowerStore } from './power-store.js';

const MIN = 60_000;
const LAYOUT: DmxLayout = {
  slots: 24,
  channels: { main: [1], red: [2], green: [3], blue: [4], white: [5], strobe: [6] },
};
const scenes = defaultSceneSettings(1);
const look = (name: keyof SceneSettings['scenes'], s: SceneSettings = scenes) => ({
  main: 0,
  red: 0,
  green: 0,
  blue: 0,
  white: 0,
  strobe: 0,
  ...s.scenes[name].levels,
});

async function room(options: { store?: PowerStore; bpm?: () => number | null; retry?: boolean } = {}) {
  const clock = new FakeClock();
  const outputs = new SimOutputs({
    clock,
    outputs: [{ name: 'tvPower' }, { name: 'ampPower' }, { name: 'lights.neon' }],
  });
  const lights = new SimLights(LAYOUT, clock);
  const tv = new SimTv({ clock, warmUpMs: 2000 });
  await Promise.all([outputs.start(), lights.start(), tv.start()]);
  const events: RoomEventInput[] = [];
  const store = options.store ?? memoryPowerStore();
  const controller = new PowerController({
    clock,
    devices: powerDevices({ outputs, lights, tv }),
    store,
    record: async (e) => events.push(e),
    logger: pino({ level: 'silent' }),
    ...(options.bpm ? { bpm: options.bpm } : {}),
    retryMs: { first: 1000, max: 8000 },
  });
  await controller.start();
  const settle = async () => {
    for (let i = 0; i < 20; i += 1) await new Promise((r) => setImmediate(r));
  };
  /**
   * Moves the fake clock and lets the work its timers started finish; in steps of `stepMs`, so a
   * timer armed by that work (the next beat) falls due inside the same advance.
   */
  const advance = async (ms: number, stepMs = ms) => {
    for (let done = 0; done < ms; done += stepMs) {
      clock.advance(Math.min(stepMs, ms - done));
      await settle();
    }
  };
  return { clock, outputs, lights, tv, events, controller, store, advance, settle };
}

const powerEvents = (events: RoomEventInput[]) =>
  events
    .filter((e) => e.type === 'power.changed')
    .map((e) => e.data as { on: boolean; scene: string; inUse: boolean; reason: string });

describe('room power controller (sim twins, fake clock)', () => {
  it('开房: TV on and switched to the room box, amplifier relay on, the welcome look on the lights', async () => {
    const r = await room();
    await r.controller.session('s1');
    await r.advance(2000);
    assert.equal(r.tv.status, 'on');
    assert.equal(r.tv.input, '1.0.0.0');
    assert.deepEqual(r.outputs.levels(), { tvPower: true, ampPower: true, 'lights.neon': false });
    assert.deepEqual(r.lights.frames.at(-1)?.look, look('welcome'));
    assert.deepEqual(powerEvents(r.events).at(-1), {
      on: true,
      tv: true,
      amp: true,
      scene: 'welcome',
      inUse: true,
      reason: 'sessionOpened',
    });
    assert.equal(r.controller.view().on, true);
  });

  it('the same session again changes nothing on any device (idempotent)', async () => {
    const r = await room();
    await r.controller.session('s1');
    const frames = r.lights.frames.length;
    const tvChanges = r.tv.history.length;
    const relayChanges = r.outputs.history.length;
    const events = r.events.length;
    await r.controller.session('s1');
    await r.controller.input({ kind: 'status', status: 'inUse', at: r.clock.now() });
    assert.equal(r.lights.frames.length, frames);
    assert.equal(r.tv.history.length, tvChanges);
    assert.equal(r.outputs.history.length, relayChanges);
    assert.equal(r.events.length, events);
  });

  it('scenes on request; refused without a session', async () => {
    const r = await room();
    const refused = await r.controller.requestScene('bright');
    assert.equal(refused.ok, false);
    await r.controller.session('s1');
    for (const name of ['bright', 'soft', 'romantic'] as const) {
      const ok = await r.controller.requestScene(name);
      assert.equal(ok.ok, true);
      assert.deepEqual(r.lights.frames.at(-1)?.look, look(name));
    }
    assert.equal(r.controller.view().guestScene, 'romantic');
  });

  it('派对 flashes to the beat of the song (120 bpm: every 500 ms, 30 % flash)', async () => {
    let bpm: number | null = 120;
    const r = await room({ bpm: () => bpm });
    await r.controller.session('s1');
    await r.controller.songChanged();
    await r.controller.requestScene('party');
    const party = scenes.scenes.party;
    const start = r.clock.now();
    await r.advance(2000, 25);
    const frames = r.lights.frames.filter((f) => f.at >= start);
    const flashes = frames.filter((f) => f.look.white === party.beat?.levels.white);
    // 4 beats in 2 s (the first at the request), each flash followed by the base look.
    assert.ok(flashes.length >= 4 && flashes.length <= 5, `flashes: ${flashes.length}`);
    const gaps = flashes.slice(1).map((f, i) => f.at - (flashes[i]?.at ?? 0));
    for (const g of gaps) assert.ok(Math.abs(g - 500) <= 2, `beat gap ${g}`);
    // A song without a tempo: the base look holds.
    bpm = null;
    await r.controller.songChanged();
    await r.settle();
    const n = r.lights.frames.length;
    await r.advance(3000, 25);
    assert.ok(r.lights.frames.length - n <= 1);
    assert.deepEqual(r.lights.frames.at(-1)?.look, look('party'));
  });

  it('结账 gives the cleaning look; past the idle time TV, amplifier and lights go off', async () => {
    const r = await room();
    await r.controller.session('s1');
    await r.advance(60 * MIN);
    assert.equal(r.tv.status, 'on', 'never off while the session runs');
    await r.controller.session(null);
    assert.deepEqual(r.lights.frames.at(-1)?.look, look('cleaning'));
    assert.equal(r.tv.status, 'on');
    await r.advance(29 * MIN);
    assert.equal(r.tv.status, 'on');
    await r.controller.activity('motion');
    await r.advance(29 * MIN);
    assert.equal(r.tv.status, 'on', 'motion restarted the idle time');
    await r.advance(1 * MIN + 1);
    assert.equal(r.tv.status, 'standby');
    assert.deepEqual(r.outputs.levels(), { tvPower: false, ampPower: false, 'lights.neon': false });
    assert.deepEqual(r.lights.frames.at(-1)?.look, look('off'));
    assert.deepEqual(
      powerEvents(r.events).map((e) => [e.on, e.inUse, e.scene, e.reason]),
      [
        [true, true, 'welcome', 'sessionOpened'],
        [true, false, 'cleaning', 'checkout'],
        [false, false, 'off', 'idle'],
      ],
    );
  });

  it('a TV that does not answer is retried with backoff until it takes the power-on', async () => {
    const r = await room();
    r.tv.setPlugged(false);
    await r.controller.session('s1');
    assert.match(r.controller.view().fault ?? '', /tv: KTV_E_TV_NO_ACK/);
    // The lights and the amplifier did not wait for the TV.
    assert.equal(r.outputs.levels().ampPower, true);
    assert.deepEqual(r.lights.frames.at(-1)?.look, look('welcome'));
    await r.advance(1000);
    assert.notEqual(r.tv.status, 'toOn');
    r.tv.setPlugged(true);
    await r.advance(2000);
    await r.advance(4000);
    assert.equal(r.controller.view().fault, null);
    await r.advance(2000);
    assert.equal(r.tv.status, 'on');
    assert.equal(r.tv.input, '1.0.0.0');
  });

  it('a saved state written by another version is read safely (unknown scene → off)', async () => {
    const store = memoryPowerStore();
    const first = await room({ store });
    await first.controller.session('s1');
    await first.controller.stop();
    const saved = store.saved;
    assert.ok(saved);
    saved.state.scene = 'disco';
    saved.state.guestScene = 'disco';
    const second = await room({ store });
    assert.equal(second.controller.view().scene, 'welcome', 'in use: the rules pick the welcome scene again');
    assert.equal(second.controller.view().guestScene, null);
  });

  it('restarts into the saved state: a running session keeps the room on without the gateway', async () => {
    const store = memoryPowerStore();
    const first = await room({ store });
    await first.controller.session('s1');
    await first.controller.requestScene('soft');
    await first.controller.stop();
    const second = await room({ store });
    await second.advance(2000);
    assert.equal(second.tv.status, 'on');
    assert.deepEqual(second.lights.frames.at(-1)?.look, look('soft'));
    assert.equal(second.controller.view().inUse, true);
    await second.advance(120 * MIN);
    assert.equal(second.tv.status, 'on');
  });

  it('new scenes from the gateway: the lights follow, an older version is ignored, the idle time applies', async () => {
    const r = await room();
    await r.controller.session('s1');
    const newer: SceneSettings = structuredClone(scenes);
    newer.version = 5;
    newer.idleMinutes = 10;
    newer.scenes.welcome.levels = { main: 50, blue: 200 };
    newer.scenes.welcome.relays = { 'lights.neon': true };
    assert.equal(await r.controller.setScenes(newer), true);
    assert.deepEqual(r.lights.frames.at(-1)?.look, look('welcome', newer));
    assert.equal(r.outputs.levels()['lights.neon'], true);
    const older = { ...structuredClone(scenes), version: 2 };
    assert.equal(await r.controller.setScenes(older), false);
    await r.controller.session(null);
    assert.equal(r.outputs.levels()['lights.neon'], false, 'the cleaning scene does not name the neon relay: off');
    await r.advance(10 * MIN);
    assert.equal(r.tv.status, 'standby');
    assert.equal(r.outputs.levels()['lights.neon'], false);
  });
});
