import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../time/fake-clock.js';
import { Debouncer } from './debounce.js';

/** [time offset ms, raw level] edges, then the expected [offset of the change, level] outputs. */
interface Case {
  name: string;
  ms: number;
  initial: boolean;
  edges: [number, boolean][];
  until: number;
  expected: [number, boolean][];
}

const cases: Case[] = [
  { name: 'clean edge', ms: 30, initial: false, edges: [[0, true]], until: 100, expected: [[0, true]] },
  {
    name: 'bounce settles high: one change, stamped at the first edge',
    ms: 30,
    initial: false,
    edges: [
      [0, true],
      [1, false],
      [2, true],
      [3, false],
      [5, true],
    ],
    until: 100,
    expected: [[0, true]],
  },
  {
    name: 'bounce that ends at the old level: no change',
    ms: 30,
    initial: false,
    edges: [
      [0, true],
      [2, false],
    ],
    until: 100,
    expected: [],
  },
  {
    name: 'repeated level is ignored',
    ms: 30,
    initial: true,
    edges: [[0, true]],
    until: 100,
    expected: [],
  },
  {
    name: 'two real changes further apart than the window',
    ms: 30,
    initial: false,
    edges: [
      [0, true],
      [50, false],
    ],
    until: 200,
    expected: [
      [0, true],
      [50, false],
    ],
  },
  {
    name: 'not reported before the window has passed',
    ms: 30,
    initial: false,
    edges: [[0, true]],
    until: 29,
    expected: [],
  },
  { name: 'zero window reports at once', ms: 0, initial: false, edges: [[0, true]], until: 0, expected: [[0, true]] },
];

describe('Debouncer', () => {
  for (const c of cases) {
    it(c.name, () => {
      const clock = new FakeClock(0);
      const out: [number, boolean][] = [];
      const d = new Debouncer(c.initial, c.ms, clock, (level, at) => out.push([at, level]));
      for (const [t, level] of c.edges) {
        clock.advance(t - clock.now());
        d.feed(level, clock.now());
      }
      clock.advance(c.until - clock.now());
      assert.deepEqual(out, c.expected);
    });
  }
});
