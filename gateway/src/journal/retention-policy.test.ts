import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diskLevel } from './disk-level.js';
import { keepFromSeq, retentionBound } from './retention-policy.js';

const DAY = 86_400_000;
const segs = [
  { firstSeq: 1, lastSeq: 100 },
  { firstSeq: 101, lastSeq: 200 },
  { firstSeq: 201, lastSeq: 300 },
];
/** The last record of segment k was written k days before day 40. */
const ages: Record<number, number> = { 1: 30 * DAY, 101: 35 * DAY, 201: 39 * DAY };

describe('retentionBound (table)', () => {
  const cases: { name: string; keep: number; retentionDays: number; early: boolean; want: number }[] = [
    { name: 'all forwarded, all old enough', keep: 301, retentionDays: 1, early: false, want: 301 },
    { name: 'not forwarded: nothing', keep: 1, retentionDays: 0, early: true, want: 0 },
    { name: 'forwarded up to the middle of the 2nd', keep: 150, retentionDays: 1, early: false, want: 101 },
    { name: 'retention holds the younger ones back', keep: 301, retentionDays: 7, early: false, want: 101 },
    { name: 'retention holds everything', keep: 301, retentionDays: 30, early: false, want: 0 },
    {
      name: 'disk critical: forwarded ones go regardless of age',
      keep: 301,
      retentionDays: 30,
      early: true,
      want: 301,
    },
    { name: 'disk critical still keeps what is not forwarded', keep: 201, retentionDays: 30, early: true, want: 201 },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const got = await retentionBound(
        { closed: segs, keepFromSeq: c.keep, now: 40 * DAY, retentionMs: c.retentionDays * DAY, early: c.early },
        async (s) => ages[s.firstSeq],
      );
      assert.equal(got, c.want);
    });
  }
});

describe('keepFromSeq (table)', () => {
  const cases: { name: string; forwarded: number | undefined; snaps: (number | undefined)[]; want: number }[] = [
    { name: 'cloud off, snapshots at 500 and 800', forwarded: undefined, snaps: [500, 800], want: 501 },
    { name: 'cloud behind the snapshots', forwarded: 120, snaps: [500, 800], want: 121 },
    { name: 'a snapshot missing keeps everything', forwarded: 900, snaps: [500, undefined], want: 1 },
    { name: 'cloud on, nothing forwarded', forwarded: 0, snaps: [500], want: 1 },
    { name: 'nothing at all', forwarded: undefined, snaps: [], want: 1 },
  ];
  for (const c of cases) it(c.name, () => assert.equal(keepFromSeq(c.forwarded, c.snaps), c.want));
});

describe('diskLevel (table)', () => {
  const t = { warnPct: 80, criticalPct: 95 };
  const cases: [number, 'ok' | 'warn' | 'critical', string][] = [
    [10, 'ok', 'ok'],
    [80, 'ok', 'warn'],
    [79.5, 'warn', 'warn'],
    [78.9, 'warn', 'ok'],
    [95, 'warn', 'critical'],
    [94.5, 'critical', 'critical'],
    [93.9, 'critical', 'warn'],
    [50, 'critical', 'ok'],
    [100, 'ok', 'critical'],
  ];
  for (const [pct, prev, want] of cases) {
    it(`${pct} % after ${prev} -> ${want}`, () => assert.equal(diskLevel(pct, t, prev), want));
  }
});
