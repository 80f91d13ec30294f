import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compile } from '../validate.js';
import { applyDelta, diffCatalog } from './delta.js';
import { CatalogSnapshot, type CatalogSong } from './song.js';

const song = (id: string, title: string): CatalogSong => ({
  id,
  title,
  artists: ['歌手'],
  language: '国语',
  category: '流行',
  durationMs: 1000,
  media: `m/${id}.mkv`,
  lyrics: null,
  vocals: { kind: 'track', vocalsTrack: 1, backingTrack: 2 },
  addedAt: 1,
});

describe('catalog deltas', () => {
  const a = song('a', '月亮');
  const b = song('b', '星空');
  const c = song('c', '海');
  const b2 = { ...b, title: '星空 (Live)' };

  it('diff then apply gives the new catalog', () => {
    const before = [a, b, c];
    const after = [a, b2, song('d', '风')];
    const delta = diffCatalog(before, after, 1, 2);
    assert.deepEqual(delta.removes, ['c']);
    assert.deepEqual(
      delta.upserts.map((s) => s.id),
      ['b', 'd'],
    );
    assert.deepEqual(applyDelta(before, delta), after);
  });

  it('an empty delta changes nothing; removing an unknown id is harmless', () => {
    assert.deepEqual(applyDelta([a, b], { from: 1, to: 2, upserts: [], removes: ['zz'] }), [a, b]);
  });

  it('the snapshot schema refuses a bad song', () => {
    const check = compile(CatalogSnapshot);
    assert.equal(check({ version: 1, createdAt: 0, songs: [a] }).ok, true);
    const bad = check({ version: 1, createdAt: 0, songs: [{ ...a, language: '火星语' }] });
    assert.equal(bad.ok, false);
    assert.equal(check({ version: 1, createdAt: 0, songs: [{ ...a, id: '../x' }] }).ok, false);
  });
});
