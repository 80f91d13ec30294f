import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CachedFile, chooseEvictions, prefetchOrder } from './lru.js';

const f = (name: string, bytes: number, lastUsedAt: number): CachedFile => ({ name, bytes, lastUsedAt });

describe('chooseEvictions', () => {
  const files = [f('a', 40, 1), f('b', 30, 3), f('c', 20, 2), f('d', 10, 4)]; // 100 bytes
  const cases: { name: string; keep?: string[]; max: number; incoming?: number; out: string[] }[] = [
    { name: 'within the bound: nothing', max: 100, out: [] },
    { name: 'over by 1: the least recently used', max: 99, out: ['a'] },
    { name: 'over by 45: oldest first until within', max: 55, out: ['a', 'c'] },
    { name: 'the playing/queued file stays, the next oldest goes', keep: ['a'], max: 99, out: ['c'] },
    { name: 'incoming bytes count', max: 100, incoming: 15, out: ['a'] },
    { name: 'kept files alone over the bound: all others go', keep: ['a', 'b'], max: 50, out: ['c', 'd'] },
    { name: 'zero bound: everything not kept', keep: ['d'], max: 0, out: ['a', 'c', 'b'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(chooseEvictions(files, new Set(c.keep ?? []), c.max, c.incoming ?? 0), c.out);
    });
  }
  it('empty cache', () => assert.deepEqual(chooseEvictions([], new Set(), 0), []));
  it('ties by name, so the order is stable', () => {
    assert.deepEqual(chooseEvictions([f('y', 5, 1), f('x', 5, 1)], new Set(), 5), ['x']);
  });
});

describe('prefetchOrder', () => {
  const cached = new Set(['c2']);
  const isCached = (id: string) => cached.has(id);
  const cases: { name: string; queue: string[]; limit: number; playing?: string; out: string[] }[] = [
    { name: 'queue order, cached ones skipped', queue: ['c1', 'c2', 'c3'], limit: 5, out: ['c1', 'c3'] },
    { name: 'limit counts queued songs, cached or not', queue: ['c1', 'c2', 'c3'], limit: 2, out: ['c1'] },
    { name: 'the playing song first', queue: ['c1'], limit: 5, playing: 'p', out: ['p', 'c1'] },
    { name: 'a cached playing song is not fetched', queue: ['c1'], limit: 5, playing: 'c2', out: ['c1'] },
    { name: 'a song queued twice is fetched once', queue: ['c1', 'c1', 'c3'], limit: 5, out: ['c1', 'c3'] },
    { name: 'limit 0: only the playing song', queue: ['c1'], limit: 0, playing: 'p', out: ['p'] },
    { name: 'empty', queue: [], limit: 5, out: [] },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(prefetchOrder(c.queue, isCached, c.limit, c.playing ?? null), c.out));
  }
});
