import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { energyReport, localMidnight, type PowerFact, roomIntervals } from './hours.js';

const H = 3_600_000;
const M = 60_000;
/** 2026-11-23 00:00 in Asia/Shanghai (UTC+8). */
const DAY = Date.UTC(2026, 10, 22, 16, 0, 0);
const on = (room: string, at: number, inUse = false): PowerFact => ({ room, at, kind: 'power', on: true, inUse });
const off = (room: string, at: number): PowerFact => ({ room, at, kind: 'power', on: false, inUse: false });
const use = (room: string, at: number, inUse: boolean): PowerFact => ({ room, at, kind: 'power', on: true, inUse });
const started = (room: string, at: number): PowerFact => ({ room, at, kind: 'started' });

describe('energy hours', () => {
  it('local midnight in the store time zone, also across a DST change', () => {
    assert.equal(localMidnight('2026-11-23', 'Asia/Shanghai'), DAY);
    assert.equal(localMidnight('2026-11-23', 'UTC'), Date.UTC(2026, 10, 23));
    // Berlin: 29 March 2026 has 23 hours.
    const a = localMidnight('2026-03-29', 'Europe/Berlin');
    const b = localMidnight('2026-03-30', 'Europe/Berlin');
    assert.equal(a, Date.UTC(2026, 2, 28, 23));
    assert.equal(b - a, 23 * H);
  });

  const cases: {
    name: string;
    facts: PowerFact[];
    until?: number;
    days: [string, number, number][];
  }[] = [
    {
      name: 'opened at 19:00, checkout 22:00, off at 22:30',
      facts: [
        off('101', DAY),
        use('101', DAY + 19 * H, true),
        use('101', DAY + 22 * H, false),
        off('101', DAY + 22.5 * H),
      ],
      days: [['2026-11-23', 3.5 * H, 3 * H]],
    },
    {
      name: 'a session across midnight is split between the two days',
      facts: [use('101', DAY + 23 * H, true), use('101', DAY + 26 * H, false), off('101', DAY + 26.5 * H)],
      days: [
        ['2026-11-23', 1 * H, 1 * H],
        ['2026-11-24', 2.5 * H, 2 * H],
      ],
    },
    {
      name: 'a room still on counts up to now',
      facts: [use('101', DAY + 20 * H, true)],
      until: DAY + 21 * H + 30 * M,
      days: [['2026-11-23', 1.5 * H, 1.5 * H]],
    },
    {
      name: 'repeated on reports do not restart the count',
      facts: [on('101', DAY + 1 * H), on('101', DAY + 2 * H), off('101', DAY + 3 * H), off('101', DAY + 4 * H)],
      days: [['2026-11-23', 2 * H, 0]],
    },
    {
      name: 'a box that restarted: what was on ends at its last report before the start',
      facts: [
        use('101', DAY + 10 * H, true),
        use('101', DAY + 11 * H, true),
        started('101', DAY + 15 * H),
        off('101', DAY + 15 * H),
      ],
      days: [['2026-11-23', 1 * H, 1 * H]],
    },
    {
      name: 'a restart that comes back on counts again from its report',
      facts: [on('101', DAY + 1 * H), started('101', DAY + 2 * H), on('101', DAY + 2 * H), off('101', DAY + 3 * H)],
      days: [['2026-11-23', 1 * H, 0]],
    },
    {
      name: 'a room that never powered on has zero hours',
      facts: [],
      days: [['2026-11-23', 0, 0]],
    },
    {
      name: 'a clock step backwards gives no negative time',
      facts: [on('101', DAY + 5 * H), off('101', DAY + 4 * H)],
      days: [['2026-11-23', 0, 0]],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const to = c.days.at(-1)?.[0] ?? '2026-11-23';
      const r = energyReport({
        facts: c.facts,
        rooms: ['101'],
        from: '2026-11-23',
        to,
        timeZone: 'Asia/Shanghai',
        until: c.until ?? DAY + 48 * H,
      });
      const room = r.rooms.find((x) => x.room === '101');
      assert.ok(room);
      assert.deepEqual(
        room.days.map((d) => [d.date, d.onMs, d.inUseMs]),
        c.days,
      );
      assert.equal(
        room.totalOnMs,
        c.days.reduce((s, d) => s + d[1], 0),
      );
    });
  }

  it('rooms are kept apart and listed even without facts; days outside the range are left out', () => {
    const r = energyReport({
      facts: [on('102', DAY - 2 * H), off('102', DAY + 2 * H), use('101', DAY + 1 * H, true), off('101', DAY + 2 * H)],
      rooms: ['101', '102', '103'],
      from: '2026-11-23',
      to: '2026-11-23',
      timeZone: 'Asia/Shanghai',
      until: DAY + 48 * H,
    });
    assert.deepEqual(
      r.rooms.map((x) => [x.room, x.totalOnMs, x.totalInUseMs]),
      [
        ['101', 1 * H, 1 * H],
        ['102', 2 * H, 0],
        ['103', 0, 0],
      ],
    );
  });

  it('intervals of one room', () => {
    assert.deepEqual(roomIntervals([use('1', 0, true), use('1', 10, false), off('1', 15)], 100), {
      on: [{ start: 0, end: 15 }],
      inUse: [{ start: 0, end: 10 }],
    });
  });
});
