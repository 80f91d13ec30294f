import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type MergeSpec, mergeItems, overridesOf } from './merge.js';

interface Item {
  id: string;
  v: number;
  stock?: number;
}
const spec: MergeSpec<Item> = {
  idOf: (i) => i.id,
  same: (a, b) => a.v === b.v,
  adopt: (cloud, local) => ({ ...cloud, ...(local?.stock === undefined ? {} : { stock: local.stock }) }),
};
const i = (id: string, v: number, stock?: number): Item => ({ id, v, ...(stock === undefined ? {} : { stock }) });

describe('mergeItems (table)', () => {
  const cases: {
    name: string;
    prev: Item[] | undefined;
    next: Item[];
    local: Item[];
    items: Item[];
    kept: string[];
  }[] = [
    {
      name: 'first push takes over what it names, keeps the rest',
      prev: undefined,
      next: [i('a', 2)],
      local: [i('a', 1), i('z', 9)],
      items: [i('a', 2), i('z', 9)],
      kept: [],
    },
    {
      name: 'untouched item follows the cloud, keeps local stock',
      prev: [i('a', 1)],
      next: [i('a', 2)],
      local: [i('a', 1, 40)],
      items: [i('a', 2, 40)],
      kept: [],
    },
    {
      name: 'store changed it: kept',
      prev: [i('a', 1)],
      next: [i('a', 2)],
      local: [i('a', 5)],
      items: [i('a', 5)],
      kept: ['a'],
    },
    {
      name: 'store removed it: stays removed',
      prev: [i('a', 1)],
      next: [i('a', 2)],
      local: [],
      items: [],
      kept: ['a'],
    },
    {
      name: 'new cloud item added',
      prev: [i('a', 1)],
      next: [i('a', 1), i('b', 3)],
      local: [i('a', 1)],
      items: [i('a', 1), i('b', 3)],
      kept: [],
    },
    {
      name: 'withdrawn by head office, untouched: dropped',
      prev: [i('a', 1), i('b', 3)],
      next: [i('a', 1)],
      local: [i('a', 1), i('b', 3)],
      items: [i('a', 1)],
      kept: [],
    },
    {
      name: 'withdrawn but changed by the store: kept',
      prev: [i('b', 3)],
      next: [],
      local: [i('b', 4)],
      items: [i('b', 4)],
      kept: [],
    },
    {
      name: 'local-only item stays',
      prev: [i('a', 1)],
      next: [i('a', 2)],
      local: [i('a', 1), i('mine', 7)],
      items: [i('a', 2), i('mine', 7)],
      kept: [],
    },
    {
      name: 'crash replay: local already equals the new value',
      prev: [i('a', 1)],
      next: [i('a', 2)],
      local: [i('a', 2)],
      items: [i('a', 2)],
      kept: [],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = mergeItems(spec, c.prev, c.next, c.local);
      assert.deepEqual(r.items, c.items);
      assert.deepEqual(r.kept, c.kept);
    });
  }
});

describe('overridesOf', () => {
  it('shows cloud value beside the store value where they differ', () => {
    const view = overridesOf(spec, [i('a', 1), i('b', 2), i('c', 3)], [i('a', 1), i('b', 5), i('mine', 7)]);
    assert.deepEqual(
      view.map((v) => [v.id, v.cloud?.v ?? null, v.local?.v ?? null, v.overridden]),
      [
        ['a', 1, 1, false],
        ['b', 2, 5, true],
        ['c', 3, null, true],
        ['mine', null, 7, true],
      ],
    );
  });
  it('before any push nothing is an override', () => {
    assert.deepEqual(
      overridesOf(spec, undefined, [i('a', 1)]).map((v) => v.overridden),
      [false],
    );
  });
});
