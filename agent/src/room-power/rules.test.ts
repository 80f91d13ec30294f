import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GUEST_SCENES, type GuestScene, type RoomStatusName } from '@ktv/protocol';
import {
  guestsLeft,
  idleDeadline,
  initialPowerState,
  inUse,
  isOn,
  type PowerInput,
  type PowerReason,
  type PowerState,
  step,
} from './rules.js';

const MIN = 60_000;
const T0 = 1_700_000_000_000;
const at = (minutes: number) => T0 + minutes * MIN;
const session = (id: string | null, m: number): PowerInput => ({ kind: 'session', sessionId: id, at: at(m) });
const status = (s: RoomStatusName, m: number): PowerInput => ({ kind: 'status', status: s, at: at(m) });
const scene = (s: GuestScene, m: number): PowerInput => ({ kind: 'sceneRequest', scene: s, at: at(m) });
const motion = (m: number): PowerInput => ({ kind: 'activity', source: 'motion', at: at(m) });
const tick = (m: number): PowerInput => ({ kind: 'tick', at: at(m) });

function run(inputs: PowerInput[], idleMinutes = 30): { state: PowerState; refused: number } {
  let state = initialPowerState(T0, idleMinutes);
  let refused = 0;
  for (const input of inputs) {
    const r = step(state, input);
    if (!r.ok) refused += 1;
    state = r.state;
  }
  return { state, refused };
}

interface Case {
  name: string;
  inputs: PowerInput[];
  tv: boolean;
  amp: boolean;
  scene: PowerState['scene'];
  reason: PowerReason;
  refused?: number;
}

const cases: Case[] = [
  { name: 'a new box is off', inputs: [], tv: false, amp: false, scene: 'off', reason: 'start' },
  {
    name: '开房: TV, amplifier, welcome scene',
    inputs: [session('s1', 0)],
    tv: true,
    amp: true,
    scene: 'welcome',
    reason: 'sessionOpened',
  },
  {
    name: 'the room state 使用中 alone also opens',
    inputs: [status('inUse', 0)],
    tv: true,
    amp: true,
    scene: 'welcome',
    reason: 'sessionOpened',
  },
  {
    name: 'session and room state both arrive: one opening',
    inputs: [status('inUse', 0), session('s1', 0)],
    tv: true,
    amp: true,
    scene: 'welcome',
    reason: 'sessionOpened',
  },
  {
    name: 'guests pick 派对',
    inputs: [session('s1', 0), scene('party', 5)],
    tv: true,
    amp: true,
    scene: 'party',
    reason: 'sceneRequested',
  },
  {
    name: 'guests pick twice: the last wins',
    inputs: [session('s1', 0), scene('party', 5), scene('romantic', 6)],
    tv: true,
    amp: true,
    scene: 'romantic',
    reason: 'sceneRequested',
  },
  {
    name: 'a scene without a session is refused',
    inputs: [scene('bright', 0)],
    tv: false,
    amp: false,
    scene: 'off',
    reason: 'start',
    refused: 1,
  },
  {
    name: '续钟 (the same session updated) keeps the guests scene',
    inputs: [session('s1', 0), scene('soft', 1), session('s1', 60)],
    tv: true,
    amp: true,
    scene: 'soft',
    reason: 'sceneRequested',
  },
  {
    name: '结账: cleaning scene, TV and amplifier stay on',
    inputs: [session('s1', 0), scene('party', 1), session(null, 120)],
    tv: true,
    amp: true,
    scene: 'cleaning',
    reason: 'checkout',
  },
  {
    name: '结账 then 待清洁: still the cleaning scene',
    inputs: [session('s1', 0), session(null, 120), status('cleaning', 120)],
    tv: true,
    amp: true,
    scene: 'cleaning',
    reason: 'checkout',
  },
  {
    name: 'checkout, then idle time passes: everything off',
    inputs: [session('s1', 0), session(null, 120), tick(150)],
    tv: false,
    amp: false,
    scene: 'off',
    reason: 'idle',
  },
  {
    name: 'checkout, one minute short of the idle time: still on',
    inputs: [session('s1', 0), session(null, 120), tick(149)],
    tv: true,
    amp: true,
    scene: 'cleaning',
    reason: 'checkout',
  },
  {
    name: 'staff moving about while cleaning keep the lights on',
    inputs: [session('s1', 0), session(null, 120), motion(140), tick(165)],
    tv: true,
    amp: true,
    scene: 'cleaning',
    reason: 'checkout',
  },
  {
    name: '... and the idle time counts from the last motion',
    inputs: [session('s1', 0), session(null, 120), motion(140), tick(170)],
    tv: false,
    amp: false,
    scene: 'off',
    reason: 'idle',
  },
  {
    name: 'never off while a session runs, however long nothing moves',
    inputs: [session('s1', 0), tick(600), tick(6000)],
    tv: true,
    amp: true,
    scene: 'welcome',
    reason: 'sessionOpened',
  },
  {
    name: 'never off while the room is 使用中 even after the session summary is gone',
    inputs: [status('inUse', 0), session('s1', 0), session(null, 10), tick(600)],
    tv: true,
    amp: true,
    scene: 'welcome',
    reason: 'sessionOpened',
  },
  {
    name: 'motion in an idle room does not switch it on',
    inputs: [status('idle', 0), motion(1), tick(2)],
    tv: false,
    amp: false,
    scene: 'off',
    reason: 'start',
  },
  {
    name: '换房 out of the room while the box was away: 待清洁 gives the cleaning scene',
    inputs: [session('s1', 0), status('inUse', 0), session(null, 50), status('cleaning', 50)],
    tv: true,
    amp: true,
    scene: 'cleaning',
    reason: 'checkout',
  },
  {
    name: 'a new party right after checkout starts with the welcome scene',
    inputs: [session('s1', 0), scene('party', 1), session(null, 60), session('s2', 61)],
    tv: true,
    amp: true,
    scene: 'welcome',
    reason: 'sessionOpened',
  },
  {
    name: 'a new session replaces the old one without a gap: welcome again',
    inputs: [session('s1', 0), scene('romantic', 1), session('s2', 60)],
    tv: true,
    amp: true,
    scene: 'welcome',
    reason: 'sessionOpened',
  },
  {
    name: 'a shorter idle time from the gateway applies at once',
    inputs: [session('s1', 0), session(null, 10), { kind: 'idleMinutes', minutes: 5, at: at(16) }],
    tv: false,
    amp: false,
    scene: 'off',
    reason: 'idle',
  },
  {
    name: '清扫完成 (idle) keeps the lights until the idle time',
    inputs: [session('s1', 0), session(null, 10), status('cleaning', 10), status('idle', 20), tick(39)],
    tv: true,
    amp: true,
    scene: 'cleaning',
    reason: 'checkout',
  },
];

describe('session power rules', () => {
  for (const c of cases) {
    it(c.name, () => {
      const { state, refused } = run(c.inputs);
      assert.deepEqual({ tv: state.tv, amp: state.amp, scene: state.scene }, { tv: c.tv, amp: c.amp, scene: c.scene });
      assert.equal(state.reason, c.reason);
      assert.equal(refused, c.refused ?? 0);
    });
  }

  it('guestsLeft: when the room is made ready for the next guests, a table of transitions', () => {
    const rows: { name: string; before: PowerInput[]; input: PowerInput; left: boolean }[] = [
      { name: 'checkout: the session ends', before: [session('s1', 0)], input: session(null, 60), left: true },
      {
        name: '使用中 then 待清洁 (no session seen)',
        before: [status('inUse', 0)],
        input: status('cleaning', 60),
        left: true,
      },
      { name: 'a quick turnover: s1 then s2', before: [session('s1', 0)], input: session('s2', 60), left: true },
      {
        name: 'the same session again (a restart, a resend)',
        before: [session('s1', 0)],
        input: session('s1', 5),
        left: false,
      },
      { name: '开房: nobody was there', before: [], input: session('s1', 0), left: false },
      { name: 'a free room says free again', before: [], input: session(null, 0), left: false },
      {
        name: 'the status confirms the running session',
        before: [session('s1', 0)],
        input: status('inUse', 1),
        left: false,
      },
      { name: 'a scene request during the session', before: [session('s1', 0)], input: scene('party', 3), left: false },
      { name: 'motion after checkout', before: [session('s1', 0), session(null, 60)], input: motion(61), left: false },
      { name: 'idle off after checkout', before: [session('s1', 0), session(null, 60)], input: tick(200), left: false },
    ];
    for (const r of rows) {
      const before = run(r.before).state;
      const after = step(before, r.input).state;
      assert.equal(guestsLeft(before, after), r.left, r.name);
    }
  });

  it('the idle deadline: none while in use or off, last activity + idle time otherwise', () => {
    assert.equal(idleDeadline(run([]).state), null);
    assert.equal(idleDeadline(run([session('s1', 0)]).state), null);
    assert.equal(idleDeadline(run([session('s1', 0), session(null, 10)]).state), at(40));
    assert.equal(idleDeadline(run([session('s1', 0), session(null, 10), motion(12)]).state), at(42));
  });

  it('never off while a session runs: 2,000 random sequences', () => {
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const statuses: RoomStatusName[] = ['idle', 'booked', 'inUse', 'cleaning', 'maintenance'];
    for (let run = 0; run < 2000; run += 1) {
      let state = initialPowerState(T0, 1 + rand(60));
      let minute = 0;
      for (let k = 0; k < 30; k += 1) {
        minute += rand(90);
        const pick = rand(6);
        const input: PowerInput =
          pick === 0
            ? session(rand(3) === 0 ? null : `s${rand(3)}`, minute)
            : pick === 1
              ? status(statuses[rand(statuses.length)] as RoomStatusName, minute)
              : pick === 2
                ? scene(GUEST_SCENES[rand(GUEST_SCENES.length)] as GuestScene, minute)
                : pick === 3
                  ? motion(minute)
                  : tick(minute);
        state = step(state, input).state;
        if (inUse(state)) {
          assert.ok(
            state.tv && state.amp && state.scene !== 'off' && state.scene !== 'cleaning',
            JSON.stringify(state),
          );
        }
        const deadline = idleDeadline(state);
        if (deadline !== null) assert.ok(isOn(state));
      }
    }
  });
});
