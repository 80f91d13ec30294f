import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CatalogAnnouncement } from '@ktv/protocol';
import { planUpdate } from './plan-update.js';

const hex = (c: string) => c.repeat(64);
const announced: CatalogAnnouncement = {
  version: 5,
  songs: 10,
  snapshot: { path: '/library/catalog/5.json.gz', sha256: hex('a'), bytes: 100 },
  deltas: [
    { from: 4, path: '/library/catalog/4-5.json.gz', sha256: hex('b'), bytes: 10 },
    { from: 3, path: '/library/catalog/3-5.json.gz', sha256: hex('c'), bytes: 20 },
  ],
  at: 1,
};

describe('planUpdate', () => {
  const cases: { name: string; local: number | null; refused?: string[]; kind: string; path?: string }[] = [
    { name: 'no local copy: snapshot', local: null, kind: 'snapshot', path: '/library/catalog/5.json.gz' },
    { name: 'one behind: its delta', local: 4, kind: 'delta', path: '/library/catalog/4-5.json.gz' },
    { name: 'two behind: the delta from 3', local: 3, kind: 'delta', path: '/library/catalog/3-5.json.gz' },
    { name: 'too far behind (no delta): snapshot', local: 1, kind: 'snapshot', path: '/library/catalog/5.json.gz' },
    { name: 'up to date: nothing', local: 5, kind: 'none' },
    { name: 'newer than announced (gateway restored an old backup): nothing', local: 7, kind: 'none' },
    {
      name: 'a refused delta: snapshot',
      local: 4,
      refused: ['/library/catalog/4-5.json.gz'],
      kind: 'snapshot',
      path: '/library/catalog/5.json.gz',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const plan = planUpdate(c.local, announced, new Set(c.refused ?? []));
      assert.equal(plan.kind, c.kind);
      if (plan.kind !== 'none') assert.equal(plan.path, c.path);
    });
  }
});
