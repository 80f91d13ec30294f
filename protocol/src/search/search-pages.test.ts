import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CatalogSong, SONG_LANGUAGES } from '../catalog/song.js';
import { buildSearchIndex, type SearchIndex, searchSongs } from './search-index.js';
import type { SearchHit, SearchQuery } from './types.js';

/**
 * Search works per distinct title (covers share one) and opens only the titles that can hold the
 * page. These cases check it against what it must equal: the pages of one long list, the filters
 * applied to that list, and the ranking order.
 */

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['月亮', '爱', '心', '天空', '重来', '长大', '快乐', '你', '我的', '之上', '行者', '张', '曾经', '海'];
const SINGERS = ['张学友', '张信哲', '张惠妹', '陈奕迅', '陈明', '王菲', '刘若英', '邓丽君', '曾轶可', 'Beyond'];

function catalog(count: number, seed: number): CatalogSong[] {
  const next = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const out: CatalogSong[] = [];
  // Few distinct titles, so most titles have covers by several singers.
  const titles = Array.from({ length: Math.max(1, count >> 2) }, () => {
    const n = 1 + Math.floor(next() * 3);
    return Array.from({ length: n }, () => pick(WORDS)).join('');
  });
  for (let i = 0; i < count; i++) {
    const artists = next() < 0.2 ? [pick(SINGERS), pick(SINGERS)] : [pick(SINGERS)];
    out.push({
      id: `p${i}`,
      title: pick(titles),
      artists,
      language: pick(SONG_LANGUAGES.slice(0, 3)),
      category: pick(['流行', '摇滚', '对唱']),
      durationMs: 1000,
      media: `m/${i}.mkv`,
      lyrics: null,
      vocals: { kind: 'channel', vocalsChannel: 'left' },
      addedAt: i,
      plays: { all: Math.floor(next() * 50), week: Math.floor(next() * 5) },
    });
  }
  return out;
}

const CLASS_OF: Record<SearchHit['matched'], number> = { exact: 5, initials: 0, pinyin: 0, chars: 0, singer: 0 };
const ids = (hits: SearchHit[]): string[] => hits.map((h) => h.song.id);

function everything(index: SearchIndex, q: SearchQuery): SearchHit[] {
  return searchSongs(index, { ...q, limit: 500, offset: 0 }).songs;
}

const QUERIES = [
  'y',
  'yl',
  'yue',
  'yueliang',
  '月',
  '月亮',
  'x',
  'zh',
  'zhang',
  'zxy',
  'chen',
  'cyx',
  '爱',
  'ai',
  '海',
  'wf',
];

describe('searchSongs per title: pages, filters and order agree with the whole list', () => {
  const songs = catalog(400, 11);
  const index = buildSearchIndex(songs);
  const byId = new Map(index.songs.map((s, rank) => [s.id, rank]));

  for (const text of QUERIES) {
    it(`${text}: pages are slices of the whole list, total counts it`, () => {
      const all = everything(index, { text });
      const first = searchSongs(index, { text, limit: 1 });
      assert.equal(first.total, all.length, 'total = every match (the catalog is below the 500 limit)');
      for (const [offset, limit] of [
        [0, 7],
        [3, 5],
        [10, 20],
        [all.length - 2, 10],
      ] as const) {
        const page = searchSongs(index, { text, offset: Math.max(0, offset), limit });
        assert.deepEqual(ids(page.songs), ids(all.slice(Math.max(0, offset), Math.max(0, offset) + limit)));
        assert.equal(page.total, all.length);
      }
    });

    it(`${text}: a filter keeps the whole list's songs that pass it, in the same order`, () => {
      const all = everything(index, { text });
      const filters: Array<[SearchQuery, (s: CatalogSong) => boolean]> = [
        [{ language: '粤语' }, (s) => s.language === '粤语'],
        [{ category: '摇滚' }, (s) => s.category === '摇滚'],
        [{ singer: '张学友' }, (s) => s.artists.includes('张学友')],
        [{ language: '国语', category: '对唱' }, (s) => s.language === '国语' && s.category === '对唱'],
      ];
      for (const [filter, keep] of filters) {
        const want = all.filter((h) => keep(h.song));
        const got = searchSongs(index, { text, ...filter, limit: 500 });
        assert.deepEqual(ids(got.songs), ids(want), JSON.stringify(filter));
        assert.equal(got.total, want.length);
      }
    });

    it(`${text}: ranked by score, each song once, exact titles first`, () => {
      const all = everything(index, { text });
      assert.equal(new Set(ids(all)).size, all.length, 'no song twice');
      for (let i = 1; i < all.length; i++) {
        const a = all[i - 1] as SearchHit;
        const b = all[i] as SearchHit;
        assert.ok(a.score > b.score, `${a.song.id} (${a.score}) before ${b.song.id} (${b.score})`);
        assert.ok(CLASS_OF[a.matched] >= CLASS_OF[b.matched], 'exact titles come first');
        const n = index.songs.length;
        if (Math.floor(a.score / n) === Math.floor(b.score / n))
          assert.ok((byId.get(a.song.id) as number) < (byId.get(b.song.id) as number), 'then the more played');
      }
    });
  }

  it('a song both a title and a singer match ranks by the better of the two, once', () => {
    const both = buildSearchIndex([
      ...catalog(50, 3),
      {
        ...(catalog(1, 4)[0] as CatalogSong),
        id: 'both',
        title: '我找小鱼',
        artists: ['张学友'],
        plays: { all: 0, week: 0 },
      },
    ]);
    const hits = everything(both, { text: 'zxy' });
    const found = hits.filter((h) => h.song.id === 'both');
    assert.equal(found.length, 1);
    assert.equal(found[0]?.matched, 'singer', 'the singer (exact) ranks above a title substring');
  });
});
