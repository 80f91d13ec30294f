import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CatalogError, catalogFromJson } from './load-catalog.js';
import { searchSongs } from './search.js';

const song = (id: string, title: string, artist: string) => ({
  id,
  title,
  artist,
  language: '国语',
  durationMs: 1000,
  media: `songs/${id}.mkv`,
});

const raw = {
  version: 1,
  songs: [
    {
      ...song('a', '月光小夜曲', '演示歌手'),
      lyrics: 'songs/a.lrc',
      vocals: { kind: 'track', vocalsTrack: 1, backingTrack: 2 },
    },
    { ...song('b', '海边的风', '演示乐队'), vocals: { kind: 'channel', vocalsChannel: 'right' } },
    song('c', 'Moon River', 'Andy Williams'),
  ],
  backgroundPlaylist: [{ id: 'bgm', media: 'bgm/x.mkv' }],
};

describe('catalogFromJson', () => {
  it('resolves paths against the catalog folder and fills defaults', () => {
    const c = catalogFromJson('/m/catalog.json', raw);
    assert.equal(c.songs.length, 3);
    assert.equal(c.byId.get('a')?.media, '/m/songs/a.mkv');
    assert.equal(c.byId.get('a')?.lyrics, '/m/songs/a.lrc');
    assert.equal(c.byId.get('c')?.lyrics, null);
    assert.equal(c.byId.get('c')?.vocals, null);
    assert.deepEqual(c.byId.get('b')?.vocals, { kind: 'channel', vocalsChannel: 'right' });
    assert.deepEqual(c.backgroundPlaylist, [{ id: 'bgm', title: '', durationMs: 0, media: '/m/bgm/x.mkv' }]);
  });

  const bad: { name: string; value: unknown; detail: RegExp }[] = [
    { name: 'not an object', value: [], detail: /^\/ must be object$/ },
    { name: 'wrong version', value: { ...raw, version: 2 }, detail: /\/version must be one of 1/ },
    {
      name: 'song without media',
      value: { version: 1, songs: [{ id: 'x', title: 't', artist: 'a', durationMs: 1 }] },
      detail: /\/songs\/0 must have required property 'media'/,
    },
    {
      name: 'duplicate id',
      value: { version: 1, songs: [song('x', 't', 'a'), song('x', 'u', 'b')] },
      detail: /\/songs\/1\/id "x" is used twice/,
    },
    { name: 'unknown field', value: { ...raw, colour: 1 }, detail: /must not have property "colour"/ },
  ];
  for (const c of bad) {
    it(`refuses: ${c.name}`, () => {
      assert.throws(
        () => catalogFromJson('/m/catalog.json', c.value),
        (e: unknown) =>
          e instanceof CatalogError && e.details.some((d) => c.detail.test(d)) && e.message.includes('/m/catalog.json'),
      );
    });
  }
});

describe('searchSongs', () => {
  const c = catalogFromJson('/m/catalog.json', raw);
  const cases: { q: string; limit?: number; ids: string[] }[] = [
    { q: '', ids: ['a', 'b', 'c'] },
    { q: '  ', ids: ['a', 'b', 'c'] },
    { q: '月光', ids: ['a'] },
    { q: '演示', ids: ['a', 'b'] },
    { q: '乐队', ids: ['b'] },
    { q: 'moon', ids: ['c'] },
    { q: 'ＭＯＯＮ', ids: ['c'] },
    { q: 'williams', ids: ['c'] },
    { q: '没有', ids: [] },
    { q: '', limit: 2, ids: ['a', 'b'] },
  ];
  for (const t of cases) {
    it(`"${t.q}" (limit ${t.limit ?? 'default'})`, () => {
      assert.deepEqual(
        searchSongs(c, t.q, t.limit).map((s) => s.id),
        t.ids,
      );
    });
  }
  it('lists the public fields only', () => {
    assert.deepEqual(searchSongs(c, 'moon')[0], {
      id: 'c',
      title: 'Moon River',
      artist: 'Andy Williams',
      language: '国语',
      durationMs: 1000,
    });
  });
});
