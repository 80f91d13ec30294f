import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { latestOnly } from './latest-only.js';

/** A save the test finishes by hand, recording what was written. */
function gatedSave() {
  const writes: number[] = [];
  const gates: { resolve: () => void; reject: (e: Error) => void }[] = [];
  const save = (value: number) =>
    new Promise<void>((resolve, reject) => {
      writes.push(value);
      gates.push({ resolve, reject });
    });
  const finish = async (fail = false) => {
    const gate = gates.shift();
    assert.ok(gate, 'a save is in flight');
    if (fail) gate.reject(new Error('EIO'));
    else gate.resolve();
    await new Promise((r) => setImmediate(r));
  };
  return { writes, save, finish, inFlight: () => gates.length };
}

describe('latestOnly: a burst of values is written as the first and the newest', () => {
  const cases: { name: string; values: number[]; writes: number[] }[] = [
    { name: 'one value', values: [1], writes: [1] },
    { name: 'two values', values: [1, 2], writes: [1, 2] },
    { name: 'a slider dragged', values: [10, 11, 12, 13, 14, 15], writes: [10, 15] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const g = gatedSave();
      const saver = latestOnly(g.save);
      const results = c.values.map((v) => saver(v));
      while (g.inFlight() > 0) await g.finish();
      await Promise.all(results);
      assert.deepEqual(g.writes, c.writes);
    });
  }

  it('never two writes at once; a value given after all is done is written on its own', async () => {
    const g = gatedSave();
    const saver = latestOnly(g.save);
    const a = saver(1);
    const b = saver(2);
    assert.equal(g.inFlight(), 1);
    await g.finish();
    await a;
    assert.equal(g.inFlight(), 1, 'the newest value follows');
    await g.finish();
    await b;
    const c = saver(3);
    await g.finish();
    await c;
    assert.deepEqual(g.writes, [1, 2, 3]);
  });

  it('a failed write rejects its callers; the queued newest value is still written', async () => {
    const g = gatedSave();
    const saver = latestOnly(g.save);
    const a = saver(1);
    const b = saver(2);
    await g.finish(true);
    await assert.rejects(a, /EIO/);
    await g.finish();
    await b;
    assert.deepEqual(g.writes, [1, 2]);
  });
});
