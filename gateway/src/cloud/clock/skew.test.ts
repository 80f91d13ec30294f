import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLOCK_IN_RANGE, nextSkewState, type SkewConfig, type SkewState } from './skew.js';

const config: SkewConfig = { thresholdMs: 120_000, confirmMs: 300_000 };
const S = 1000;

/** Feeds [lag, receivedAt] pairs in order; returns the alert direction (or '-') after each. */
function run(events: [number, number][]): string[] {
  let state: SkewState = CLOCK_IN_RANGE;
  return events.map(([lag, at]) => {
    state = nextSkewState(state, lag, at, config);
    return state.alert?.direction ?? '-';
  });
}

describe('clock skew (table)', () => {
  const cases: { name: string; events: [number, number][]; want: string[] }[] = [
    {
      name: 'in range stays quiet',
      events: [
        [0, 0],
        [119 * S, 1 * S],
        [-119 * S, 2 * S],
      ],
      want: ['-', '-', '-'],
    },
    {
      name: 'exactly the threshold is in range',
      events: [
        [120 * S, 0],
        [-120 * S, 1],
      ],
      want: ['-', '-'],
    },
    { name: 'device ahead: at once', events: [[-121 * S, 0]], want: ['ahead'] },
    {
      name: 'ahead, then back in range: cleared',
      events: [
        [-600 * S, 0],
        [-600 * S, 10 * S],
        [500, 20 * S],
      ],
      want: ['ahead', 'ahead', '-'],
    },
    {
      name: 'outbox catch-up after an outage: late burst, then live: no alert',
      events: [
        [3600 * S, 0],
        [3000 * S, 1 * S],
        [1200 * S, 2 * S],
        [300, 3 * S],
      ],
      want: ['-', '-', '-', '-'],
    },
    {
      name: 'behind: late for the whole confirm window',
      events: [
        [600 * S, 0],
        [600 * S, 100 * S],
        [600 * S, 299 * S],
        [600 * S, 300 * S],
      ],
      want: ['-', '-', '-', 'behind'],
    },
    {
      name: 'behind, one live event in the window resets the watch',
      events: [
        [600 * S, 0],
        [60 * S, 100 * S],
        [600 * S, 200 * S],
        [600 * S, 400 * S],
        [600 * S, 500 * S],
      ],
      want: ['-', '-', '-', '-', 'behind'],
    },
    {
      name: 'behind alert clears when back in range',
      events: [
        [600 * S, 0],
        [600 * S, 300 * S],
        [1 * S, 310 * S],
      ],
      want: ['-', 'behind', '-'],
    },
    {
      name: 'an ahead device replaying its outbox stays ahead (late events prove nothing)',
      events: [
        [-600 * S, 0],
        [3600 * S, 1 * S],
        [3600 * S, 400 * S],
      ],
      want: ['ahead', 'ahead', 'ahead'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(run(c.events), c.want));
  }

  it('the behind estimate is the smallest lag of the run', () => {
    let s: SkewState = CLOCK_IN_RANGE;
    for (const [lag, at] of [
      [900 * S, 0],
      [610 * S, 100 * S],
      [700 * S, 300 * S],
    ] as [number, number][]) {
      s = nextSkewState(s, lag, at, config);
    }
    assert.deepEqual(s.alert, { direction: 'behind', skewMs: 610 * S, since: 300 * S });
  });
});
