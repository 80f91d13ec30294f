import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CatalogSong } from '@ktv/protocol';
import Fastify from 'fastify';
import { CatalogHolder } from '../catalog/catalog-holder.js';
import { roomCatalogFromLibrary } from '../catalog/room-catalog.js';
import type { LibraryView } from '../catalog/room-library.js';
import { searchRoutes } from './search-routes.js';

const song = (id: string, title: string, artist: string, over: Partial<CatalogSong> = {}): CatalogSong => ({
  id,
  title,
  artists: [artist],
  language: '国语',
  category: '流行',
  durationMs: 1000,
  media: `/library/media/${id}`,
  lyrics: null,
  vocals: { kind: 'track', vocalsTrack: 1, backingTrack: 2 },
  addedAt: 1,
  ...over,
});

const view = (): LibraryView => ({
  source: 'gateway',
  version: 1,
  songs: 3,
  updating: false,
  lastError: null,
  skipped: null,
  media: null,
});

async function app(songs: CatalogSong[]) {
  const holder = new CatalogHolder(roomCatalogFromLibrary(1, songs, '/cache'));
  const a = Fastify();
  await a.register(searchRoutes({ holder, view }));
  return { a, holder };
}

describe('search routes', () => {
  const songs = [
    song('s1', '月亮代表我的心', '邓丽君', { plays: { week: 9, all: 9 } }),
    song('s2', '海阔天空', 'Beyond', { language: '粤语', plays: { week: 3, all: 30 } }),
    song('s3', '青花瓷', '周杰伦', { addedAt: 5 }),
    song('s4', '对面的女孩看过来', '任贤齐', { addedAt: 0 }),
  ];
  const cases: { url: string; ids: string[] }[] = [
    { url: '/api/songs?q=yldbwdx', ids: ['s1'] },
    { url: '/api/songs?q=qinghua', ids: ['s3'] },
    { url: '/api/songs?q=海阔', ids: ['s2'] },
    { url: '/api/songs?singer=周杰伦', ids: ['s3'] },
    { url: '/api/songs?wordCount=3', ids: ['s3'] },
    { url: '/api/songs?minWordCount=7', ids: ['s1', 's4'] },
    { url: '/api/songs?minWordCount=8', ids: ['s4'] },
    { url: '/api/songs?language=粤语', ids: ['s2'] },
    { url: '/api/songs?q=zzzzzzzz', ids: [] },
    { url: '/api/charts?kind=week', ids: ['s1', 's2'] },
    { url: '/api/charts?kind=new', ids: ['s3'] },
  ];
  for (const c of cases) {
    it(c.url, async () => {
      const { a } = await app(songs);
      const res = await a.inject(c.url);
      assert.equal(res.statusCode, 200, res.body);
      const ids = (res.json() as { songs: { id: string }[] }).songs.map((s) => s.id);
      assert.deepEqual(ids.slice(0, c.ids.length), c.ids);
      if (c.ids.length === 0) assert.deepEqual(ids, []);
    });
  }
  it('a song row keeps the #3 fields', async () => {
    const { a } = await app(songs);
    const row = (await a.inject('/api/songs?q=qhc')).json().songs[0];
    assert.deepEqual(
      { id: row.id, title: row.title, artist: row.artist, language: row.language, durationMs: row.durationMs },
      { id: 's3', title: '青花瓷', artist: '周杰伦', language: '国语', durationMs: 1000 },
    );
  });
  it('singers by initial, with song counts', async () => {
    const { a } = await app(songs);
    const body = (await a.inject('/api/singers?initial=Z')).json();
    assert.deepEqual(
      body.singers.map((s: { name: string; songCount: number }) => [s.name, s.songCount]),
      [['周杰伦', 1]],
    );
  });
  it('refuses a bad query with 400', async () => {
    const { a } = await app(songs);
    assert.equal((await a.inject('/api/charts?kind=month')).statusCode, 400);
    assert.equal((await a.inject('/api/songs?wordCount=0')).statusCode, 400);
    assert.equal((await a.inject('/api/songs?minWordCount=0')).statusCode, 400);
    assert.equal((await a.inject(`/api/songs?q=${'x'.repeat(300)}`)).statusCode, 400);
  });
  it('answers from the version current when the request came (a swap does not mix)', async () => {
    const { a, holder } = await app(songs);
    holder.swap(roomCatalogFromLibrary(2, [song('n1', '新歌', '新人')], '/cache'));
    const ids = (await a.inject('/api/songs')).json().songs.map((s: { id: string }) => s.id);
    assert.deepEqual(ids, ['n1']);
  });
});
