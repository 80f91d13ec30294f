import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AlertMonitor, type Timers } from './alert-monitor.js';
import { type AlertCode, type AlertInput, activeAlerts, nextAlerts } from './rules.js';

const config = { occupancyHoldMs: 120_000, emptyAfterMs: 20 * 60_000 };
const MIN = 60_000;
const base: AlertInput = {
  state: 'idle',
  stateSince: 0,
  sensorsKnown: true,
  doorOpen: false,
  lastMotionAt: null,
  doorClosedAt: null,
};

describe('alert rules', () => {
  const T = 100 * MIN;
  const cases: [string, Partial<AlertInput>, AlertCode[]][] = [
    ['idle, quiet', {}, []],
    ['idle, motion now, door closed', { lastMotionAt: T }, ['unbilledOccupancy']],
    ['cleaning, motion 1 min ago, door closed', { state: 'cleaning', lastMotionAt: T - MIN }, ['unbilledOccupancy']],
    ['idle, motion 2 min ago (hold over)', { lastMotionAt: T - 2 * MIN }, []],
    ['idle, motion, door open (staff cleaning)', { lastMotionAt: T, doorOpen: true }, []],
    ['idle, motion before the door closed', { lastMotionAt: T - 30_000, doorClosedAt: T - 10_000 }, []],
    [
      'idle, motion after the door closed',
      { lastMotionAt: T - 5_000, doorClosedAt: T - 10_000 },
      ['unbilledOccupancy'],
    ],
    ['booked, motion, door closed', { state: 'booked', lastMotionAt: T }, []],
    ['maintenance, motion, door closed', { state: 'maintenance', lastMotionAt: T }, []],
    ['sensors never reported', { sensorsKnown: false, lastMotionAt: T }, []],
    ['in use, motion 19 min ago', { state: 'inUse', lastMotionAt: T - 19 * MIN }, []],
    ['in use, motion exactly 20 min ago', { state: 'inUse', lastMotionAt: T - 20 * MIN }, ['roomMayBeEmpty']],
    ['in use 25 min, never any motion', { state: 'inUse', stateSince: T - 25 * MIN }, ['roomMayBeEmpty']],
    [
      'in use 5 min, no motion since opening',
      { state: 'inUse', stateSince: T - 5 * MIN, lastMotionAt: T - 60 * MIN },
      [],
    ],
    ['in use, motion now', { state: 'inUse', lastMotionAt: T, stateSince: T - 60 * MIN }, []],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => assert.deepEqual(activeAlerts({ ...base, ...input }, T, config), expected));
  }

  it('keeps `since` while an alert stays, drops it when it ends', () => {
    const first = nextAlerts([], ['roomMayBeEmpty'], 10);
    assert.deepEqual(first, [{ code: 'roomMayBeEmpty', since: 10 }]);
    assert.deepEqual(nextAlerts(first, ['roomMayBeEmpty'], 20), [{ code: 'roomMayBeEmpty', since: 10 }]);
    assert.deepEqual(nextAlerts(first, [], 30), []);
  });
});

/** Fake timers: run() fires every timer due at the fake clock. */
function fakeTime() {
  let now = 0;
  let nextId = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      const id = ++nextId;
      pending.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (h) => pending.delete(h as number),
  };
  return {
    timers,
    now: () => now,
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...pending.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        pending.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = until;
    },
    pending: () => pending.size,
  };
}

describe('alert monitor (fake clock)', () => {
  it('raises room-may-be-empty after 20 quiet minutes in use, clears on motion and on checkout', () => {
    const time = fakeTime();
    const changes: string[] = [];
    const m = new AlertMonitor(config, time.now, (room) => changes.push(room), time.timers);
    m.sensors('101', 'idle', { doorOpen: false, motion: false, callActive: false });
    m.businessState('101', 'inUse');
    time.advance(19 * MIN);
    assert.deepEqual(m.alerts('101'), []);
    time.advance(MIN);
    assert.deepEqual(m.alerts('101'), [{ code: 'roomMayBeEmpty', since: 20 * MIN }]);
    m.sensors('101', 'inUse', { doorOpen: false, motion: true, callActive: false });
    assert.deepEqual(m.alerts('101'), []);
    time.advance(20 * MIN);
    assert.equal(m.alerts('101')[0]?.code, 'roomMayBeEmpty');
    m.businessState('101', 'cleaning');
    assert.deepEqual(m.alerts('101'), []);
    assert.deepEqual(changes, ['101', '101', '101', '101']);
    m.stop();
    assert.equal(time.pending(), 0);
  });

  it('raises unbilled occupancy on motion behind a closed door of an idle room, clears after the hold', () => {
    const time = fakeTime();
    const m = new AlertMonitor(config, time.now, () => undefined, time.timers);
    m.sensors('102', 'idle', { doorOpen: true, motion: false, callActive: false });
    m.sensors('102', 'idle', { doorOpen: true, motion: true, callActive: false });
    assert.deepEqual(m.alerts('102'), [], 'door open: staff at work');
    time.advance(1000);
    m.sensors('102', 'idle', { doorOpen: false, motion: false, callActive: false });
    assert.deepEqual(m.alerts('102'), [], 'the motion was before the door closed');
    time.advance(1000);
    m.sensors('102', 'idle', { doorOpen: false, motion: true, callActive: false });
    assert.deepEqual(m.alerts('102'), [{ code: 'unbilledOccupancy', since: 2000 }]);
    time.advance(config.occupancyHoldMs - 1);
    assert.equal(m.alerts('102').length, 1);
    time.advance(1);
    assert.deepEqual(m.alerts('102'), []);
    m.stop();
  });

  it('clears unbilled occupancy when the room is opened (billed now)', () => {
    const time = fakeTime();
    const m = new AlertMonitor(config, time.now, () => undefined, time.timers);
    m.sensors('103', 'idle', { doorOpen: false, motion: true, callActive: false });
    assert.equal(m.alerts('103')[0]?.code, 'unbilledOccupancy');
    m.businessState('103', 'inUse');
    assert.deepEqual(m.alerts('103'), []);
    m.stop();
  });
});
