import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SessionSummary } from '@ktv/protocol';
import { SessionHolder, type SessionUpdate } from './session-holder.js';

const summary = (billSoFarFen: number, sessionId = 'S1'): SessionSummary => ({
  sessionId,
  openedAt: 1_000,
  plannedEndAt: null,
  billSoFarFen,
  roomFeeFen: billSoFarFen,
  ordersFen: 0,
  packageName: null,
  at: 2_000,
});

describe('SessionHolder', () => {
  const cases: { name: string; updates: SessionUpdate[]; changed: boolean[]; bill: number | null }[] = [
    { name: 'starts empty, null stays null', updates: [{ session: null, at: 1 }], changed: [false], bill: null },
    { name: 'an opened session shows', updates: [{ session: summary(100), at: 1 }], changed: [true], bill: 100 },
    {
      name: 'a new bill replaces the old one',
      updates: [
        { session: summary(100), at: 1 },
        { session: summary(250), at: 2 },
      ],
      changed: [true, true],
      bill: 250,
    },
    {
      name: 'the same summary again (sent on reconnect) changes nothing',
      updates: [
        { session: summary(100), at: 1 },
        { session: summary(100), at: 2 },
      ],
      changed: [true, false],
      bill: 100,
    },
    {
      name: 'checkout clears it',
      updates: [
        { session: summary(100), at: 1 },
        { session: null, at: 2 },
      ],
      changed: [true, true],
      bill: null,
    },
    {
      name: 'a late, older update is ignored',
      updates: [
        { session: null, at: 5 },
        { session: summary(100), at: 4 },
      ],
      changed: [false, false],
      bill: null,
    },
    {
      name: 'the same time twice: the later message wins',
      updates: [
        { session: summary(100), at: 3 },
        { session: summary(300), at: 3 },
      ],
      changed: [true, true],
      bill: 300,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const holder = new SessionHolder();
      assert.deepEqual(
        c.updates.map((u) => holder.apply(u)),
        c.changed,
      );
      assert.equal(holder.session?.billSoFarFen ?? null, c.bill);
    });
  }
});
