import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CatalogSong } from '../catalog/song.js';
import { buildSearchIndex, charts, listSingers, searchSongs } from './search-index.js';
import { loadSearchIndex, SearchIndexFormatError, serialiseSearchIndex } from './serialise.js';
import type { SearchQuery } from './types.js';

let next = 0;
function song(title: string, artists: string[], extra: Partial<CatalogSong> = {}): CatalogSong {
  next++;
  return {
    id: `z${next}`,
    title,
    artists,
    language: '国语',
    category: '流行',
    durationMs: 1000,
    media: `m/${next}.mkv`,
    lyrics: null,
    vocals: { kind: 'channel', vocalsChannel: 'left' },
    addedAt: 1_700_000_000_000 + next,
    ...extra,
  };
}

const songs: CatalogSong[] = [
  song('月亮代表我的心', ['邓丽君'], { plays: { all: 900, week: 3 } }),
  song('月亮代表我的心', ['张学友'], { plays: { all: 20, week: 0 } }),
  song('重来', ['曾轶可'], { plays: { all: 40, week: 9 } }),
  song('长大以后', ['刘若英'], { category: '民歌' }),
  song('Super Star', ['S.H.E'], { plays: { all: 400, week: 80 } }),
  song('K歌之王', ['陈奕迅'], { language: '粤语' }),
  song('Hey Jude', ['The Beatles'], { language: '英语', category: '经典老歌' }),
  song('海阔天空', ['Beyond', '黄家驹'], { language: '粤语', category: '摇滚' }),
  song('天空', ['王菲'], { addedAt: 1_800_000_000_000 }),
];

const QUERIES: SearchQuery[] = [
  { text: 'yldbwdx' },
  { text: 'yueliang' },
  { text: '月亮' },
  { text: 'chonglai' },
  { text: 'zhonglai' },
  { text: 'super' },
  { text: 'tk' },
  { text: 'wf' },
  { text: 'huangjiaju' },
  { text: '' },
  { text: '', language: '粤语' },
  { text: 'tian', category: '摇滚' },
  { singer: '张学友' },
  { wordCount: 2 },
  { text: 'yl', limit: 1, offset: 1 },
];

describe('serialiseSearchIndex / loadSearchIndex', () => {
  const built = buildSearchIndex(songs);
  const bytes = serialiseSearchIndex(built);
  const loaded = loadSearchIndex(bytes, songs);

  for (const q of QUERIES) {
    it(`the loaded index answers like the built one: ${JSON.stringify(q)}`, () => {
      assert.deepEqual(searchSongs(loaded, q), searchSongs(built, q));
    });
  }

  it('singers and charts agree too', () => {
    assert.deepEqual(listSingers(loaded, {}), listSingers(built, {}));
    assert.deepEqual(listSingers(loaded, { initial: 'z' }), listSingers(built, { initial: 'z' }));
    for (const kind of ['week', 'all', 'new'] as const) assert.deepEqual(charts(loaded, kind), charts(built, kind));
  });

  it('the songs are the caller’s objects, in rank order', () => {
    assert.deepEqual(
      loaded.songs.map((s) => s.id),
      built.songs.map((s) => s.id),
    );
    assert.ok(loaded.songs.every((s) => songs.includes(s)));
  });

  it('loads from bytes that are not 8-aligned (copied first)', () => {
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const again = loadSearchIndex(shifted.subarray(1), songs);
    assert.deepEqual(searchSongs(again, { text: 'yl' }), searchSongs(built, { text: 'yl' }));
  });

  it('an empty catalog round-trips', () => {
    const empty = loadSearchIndex(serialiseSearchIndex(buildSearchIndex([])), []);
    assert.deepEqual(searchSongs(empty, { text: 'a' }), { total: 0, songs: [] });
  });

  const refusals: Array<[string, () => unknown, RegExp]> = [
    [
      'other songs (same count)',
      () =>
        loadSearchIndex(
          bytes,
          songs.map((s, i) => ({ ...s, id: `o${i}` })),
        ),
      /other songs/,
    ],
    ['fewer songs', () => loadSearchIndex(bytes, songs.slice(1)), /9 songs, the catalog has 8/],
    ['not an index', () => loadSearchIndex(new TextEncoder().encode('{"songs":[]}'), songs), /magic/],
    ['cut short', () => loadSearchIndex(bytes.subarray(0, bytes.length - 16), songs), /cut short/],
    ['header cut', () => loadSearchIndex(bytes.subarray(0, 20), songs), /header cut short/],
  ];
  for (const [name, load, message] of refusals) {
    it(`refuses ${name} with KTV_E_SEARCH_INDEX`, () => {
      assert.throws(load, (e: unknown) => {
        assert.ok(e instanceof SearchIndexFormatError);
        assert.equal(e.code, 'KTV_E_SEARCH_INDEX');
        assert.match(e.message, message);
        return true;
      });
    });
  }
});
