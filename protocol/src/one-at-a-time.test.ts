import assert from 'node:assert/strict';
import { test } from 'node:test';
import { oneAtATime } from './one-at-a-time.js';

test('oneAtATime: work never overlaps, runs in call order, and a failure does not stop the next', async () => {
  const serial = oneAtATime();
  const log: string[] = [];
  let running = 0;
  const job = (name: string, fail = false) =>
    serial(async () => {
      running += 1;
      assert.equal(running, 1, 'only one at a time');
      log.push(`start ${name}`);
      await new Promise((r) => setImmediate(r));
      log.push(`end ${name}`);
      running -= 1;
      if (fail) throw new Error(name);
      return name;
    });
  const results = await Promise.allSettled([job('a'), job('b', true), job('c')]);
  assert.deepEqual(log, ['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  assert.deepEqual(
    results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
    ['a', 'b', 'c'],
  );
  assert.equal(results[1]?.status, 'rejected');
});
