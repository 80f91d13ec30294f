import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyDelta, type CatalogDelta, type CatalogSong } from '@ktv/protocol';
import { composeDeltas, isSmallDelta, keepFile, parseCatalogFileName } from './catalog-plan.js';

const s = (id: string, title = id): CatalogSong => ({
  id,
  title,
  artists: [],
  language: '国语',
  category: '流行',
  durationMs: 1,
  media: `/library/media/${id}`,
  lyrics: null,
  vocals: { kind: 'channel', vocalsChannel: 'right' },
  addedAt: 0,
});

describe('composeDeltas', () => {
  it('composing two steps gives the same songs as applying both', () => {
    const v1 = [s('a'), s('b'), s('c')];
    const d12: CatalogDelta = { from: 1, to: 2, upserts: [s('a', 'A2'), s('d')], removes: ['b'] };
    const d23: CatalogDelta = { from: 2, to: 3, upserts: [s('b', 'back'), s('d', 'D3')], removes: ['c', 'a'] };
    const v3 = applyDelta(applyDelta(v1, d12), d23);
    const d13 = composeDeltas(d12, d23);
    assert.equal(d13.from, 1);
    assert.equal(d13.to, 3);
    const byId = (songs: CatalogSong[]) => [...songs].sort((x, y) => x.id.localeCompare(y.id));
    assert.deepEqual(byId(applyDelta(v1, d13)), byId(v3));
  });
  it('refuses deltas that do not meet', () => {
    assert.throws(() =>
      composeDeltas({ from: 1, to: 2, upserts: [], removes: [] }, { from: 3, to: 4, upserts: [], removes: [] }),
    );
  });
});

describe('catalog file names and what is kept', () => {
  const names: [string, ReturnType<typeof parseCatalogFileName>][] = [
    ['12.json.gz', { kind: 'snapshot', version: 12 }],
    ['11-12.json.gz', { kind: 'delta', from: 11, to: 12 }],
    ['current.json', undefined],
    ['../12.json.gz', undefined],
    ['12.json', undefined],
  ];
  for (const [name, want] of names) it(name, () => assert.deepEqual(parseCatalogFileName(name), want));

  const kept: [string, boolean][] = [
    ['10.json.gz', true],
    ['8.json.gz', true],
    ['7.json.gz', false],
    ['9-10.json.gz', true],
    ['5-10.json.gz', true],
    ['6-7.json.gz', true],
    ['5-6.json.gz', false],
    ['3-8.json.gz', true],
    ['3-7.json.gz', false],
    ['current.json', true],
  ];
  for (const [name, want] of kept)
    it(`at version 10 keep ${name}: ${want}`, () => assert.equal(keepFile(name, 10), want));

  it('a delta is small up to a fifth of the catalog or 100 songs', () => {
    const d = (n: number): CatalogDelta => ({
      from: 1,
      to: 2,
      upserts: Array.from({ length: n }, (_, i) => s(`x${i}`)),
      removes: [],
    });
    assert.equal(isSmallDelta(d(100), 10), true);
    assert.equal(isSmallDelta(d(101), 10), false);
    assert.equal(isSmallDelta(d(200), 1000), true);
    assert.equal(isSmallDelta(d(201), 1000), false);
  });
});
