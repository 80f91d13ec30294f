import assert from 'node:assert/strict';
import { it } from 'node:test';
import { backoffDelay } from './backoff.js';

it('backoff doubles, caps and jitters', () => {
  const opts = { minMs: 100, maxMs: 1000 };
  const table: [number, number, number][] = [
    // attempt, random, delay
    [0, 1, 100],
    [0, 0, 50],
    [1, 1, 200],
    [3, 1, 800],
    [4, 1, 1000],
    [50, 1, 1000],
    [50, 0, 500],
  ];
  for (const [attempt, random, delay] of table)
    assert.equal(
      backoffDelay(attempt, opts, () => random),
      delay,
    );
});
