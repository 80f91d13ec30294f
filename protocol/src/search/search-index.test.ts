import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CatalogSong } from '../catalog/song.js';
import { buildSearchIndex, charts, listSingers, searchSongs } from './search-index.js';
import type { SearchQuery } from './types.js';

let next = 0;
function song(title: string, artists: string[], extra: Partial<CatalogSong> = {}): CatalogSong {
  next++;
  return {
    id: `s${next}`,
    title,
    artists,
    language: '国语',
    category: '流行',
    durationMs: 200_000,
    media: `media/${next}.mkv`,
    lyrics: null,
    vocals: { kind: 'channel', vocalsChannel: 'left' },
    addedAt: 1_700_000_000_000 + next,
    ...extra,
  };
}

const P = (all: number, week = 0) => ({ plays: { all, week } });
const songs: CatalogSong[] = [
  song('月亮代表我的心', ['邓丽君'], P(900, 30)),
  song('月亮之上', ['凤凰传奇'], P(500, 50)),
  song('我的月亮', ['小新'], P(10)),
  song('重来', ['曾轶可'], P(40)),
  song('重逢', ['张学友'], P(60)),
  song('长大以后', ['刘若英'], P(70)),
  song('快乐老家', ['陈明'], P(80)),
  song('音乐行者', ['小新'], P(5)),
  song('一路同行', ['张学友'], P(20)),
  song('曾经的你', ['许巍'], P(300)),
  song('Super Star', ['S.H.E'], P(400, 80)),
  song('K歌之王', ['陈奕迅'], { ...P(600, 10), language: '粤语' }),
  song('Hello', ['Adele'], { ...P(200), language: '英语' }),
  song('Hey Jude', ['The Beatles'], { ...P(100), language: '英语', category: '经典老歌' }),
  song('吻别', ['张学友'], { ...P(700), category: '经典老歌' }),
  song('心太软', ['任贤齐'], P(250)),
  song('海阔天空', ['Beyond'], { ...P(650, 5), language: '粤语', category: '摇滚' }),
  song('天空', ['王菲'], P(30)),
  song('对面的女孩看过来', ['任贤齐'], { ...P(15), addedAt: 1_800_000_000_000 }),
  song('爱', ['小虎队'], P(1)),
];
const index = buildSearchIndex(songs);
const titles = (q: SearchQuery): string[] => searchSongs(index, q).songs.map((h) => h.song.title);

describe('searchSongs: what the guest types -> the first results', () => {
  const cases: Array<[string, SearchQuery, string[]]> = [
    // pinyin initials (拼音首字母)
    ['initials, whole title', { text: 'yldbwdx' }, ['月亮代表我的心']],
    ['initials, typing', { text: 'yld' }, ['月亮代表我的心']],
    [
      'initials, prefix before substring, then plays',
      { text: 'yl' },
      ['月亮代表我的心', '月亮之上', '一路同行', '音乐行者', '快乐老家', '我的月亮'],
    ],
    ['initials in upper case', { text: 'YLDB' }, ['月亮代表我的心']],
    // full pinyin, with or without spaces, last syllable while typing
    ['full pinyin', { text: 'yueliangdaibiao' }, ['月亮代表我的心']],
    ['full pinyin with spaces', { text: 'yue liang dai' }, ['月亮代表我的心']],
    ['full pinyin, half a syllable', { text: 'yueliangzh' }, ['月亮之上']],
    ['pinyin in the middle of a title', { text: 'yueliang' }, ['月亮代表我的心', '月亮之上', '我的月亮']],
    // polyphones: either reading finds the song
    ['重 as chong', { text: 'chonglai' }, ['重来']],
    ['重 as zhong', { text: 'zhonglai' }, ['重来']],
    ['重 initials c', { text: 'cf' }, ['重逢']],
    ['重 initials z', { text: 'zf' }, ['重逢']],
    ['长 as zhang', { text: 'zhangda' }, ['长大以后']],
    ['长 as chang', { text: 'changda' }, ['长大以后']],
    ['乐 as le', { text: 'kuaile' }, ['快乐老家']],
    ['乐 as yue', { text: 'yinyue' }, ['音乐行者']],
    ['行 as xing', { text: 'tongxing' }, ['一路同行']],
    ['行 as hang', { text: 'yinyuehang' }, ['音乐行者']],
    ['曾 as ceng', { text: 'cengjing' }, ['曾经的你']],
    ['曾 as zeng', { text: 'zengjing' }, ['曾经的你']],
    // Chinese characters
    ['characters, substring', { text: '月亮' }, ['月亮代表我的心', '月亮之上', '我的月亮']],
    ['characters, whole title first', { text: '天空' }, ['天空', '海阔天空']],
    ['one character', { text: '爱' }, ['爱']],
    // Latin and mixed titles
    ['Latin word prefix, any case', { text: 'super' }, ['Super Star']],
    ['Latin second word', { text: 'sta' }, ['Super Star']],
    ['Latin words without the space', { text: 'superstar' }, ['Super Star']],
    ['Latin initials', { text: 'ss' }, ['Super Star']],
    ['Latin, two words typed', { text: 'hey j' }, ['Hey Jude']],
    ['Latin prefix across titles, by plays', { text: 'he' }, ['Hello', 'Hey Jude']],
    ['mixed title by characters', { text: 'K歌' }, ['K歌之王']],
    ['mixed title by initials', { text: 'kgzw' }, ['K歌之王']],
    ['mixed title by pinyin', { text: 'kgezhiwang' }, ['K歌之王']],
    ['full-width letters', { text: 'ＳＵＰＥＲ' }, ['Super Star']],
    // singers inside the text search
    ['singer by initials', { text: 'zxy' }, ['吻别', '重逢', '一路同行']],
    ['singer by pinyin', { text: 'dengli' }, ['月亮代表我的心']],
    ['singer by name', { text: '邓丽君' }, ['月亮代表我的心']],
    ['singer with a polyphonic surname', { text: 'zengyike' }, ['重来']],
    // filters and 字数点歌
    ['a singer’s songs', { singer: '张学友' }, ['吻别', '重逢', '一路同行']],
    ['word count 2', { wordCount: 2, limit: 3 }, ['吻别', 'Super Star', 'Hey Jude']],
    ['word count: a Latin word is one', { wordCount: 2, language: '英语' }, ['Hey Jude']],
    ['7 字以上 means 7 or more', { minWordCount: 7 }, ['月亮代表我的心', '对面的女孩看过来']],
    ['at least 4, with a language', { minWordCount: 4, language: '粤语' }, ['海阔天空']],
    ['at least 6, with text', { minWordCount: 6, text: 'yl' }, ['月亮代表我的心']],
    ['language', { language: '粤语' }, ['海阔天空', 'K歌之王']],
    ['category', { category: '经典老歌' }, ['吻别', 'Hey Jude']],
    ['text and language', { text: 'k', language: '粤语' }, ['K歌之王', '海阔天空']],
    ['no text: everything, most played first', { limit: 3 }, ['月亮代表我的心', '吻别', '海阔天空']],
    ['offset', { limit: 2, offset: 1 }, ['吻别', '海阔天空']],
  ];
  for (const [name, q, expected] of cases) {
    it(`${name}: ${JSON.stringify(q)}`, () => {
      assert.deepEqual(titles(q).slice(0, expected.length), expected);
    });
  }

  it('says how each song matched', () => {
    const m = (text: string) => searchSongs(index, { text }).songs[0]?.matched;
    assert.equal(m('yldbwdx'), 'exact');
    assert.equal(m('yldb'), 'initials');
    assert.equal(m('yueliangdai'), 'pinyin');
    assert.equal(m('月亮代'), 'chars');
    assert.equal(m('zxy'), 'singer');
  });

  it('ranks exact > prefix > substring, then plays, in the score too', () => {
    const hits = searchSongs(index, { text: 'tiankong' }).songs;
    assert.deepEqual(
      hits.map((h) => h.song.title),
      ['天空', '海阔天空'],
    );
    assert.ok((hits[0]?.score ?? 0) > (hits[1]?.score ?? 0));
  });

  it('Hey Jude has 2 words and Super Star 2', () => {
    assert.deepEqual(titles({ wordCount: 2, language: '英语' }), ['Hey Jude']);
    assert.ok(titles({ wordCount: 2 }).includes('Super Star'));
  });
});

describe('searchSongs: empty and absurd queries', () => {
  const all = songs.length;
  const cases: Array<[string, SearchQuery, number]> = [
    ['empty', { text: '' }, all],
    ['spaces', { text: '   \t ' }, all],
    ['no text at all', {}, all],
    ['emoji', { text: '😀🎤' }, 0],
    ['regex characters', { text: '.*[(' }, 0],
    ['regex characters around letters', { text: '.*yl' }, 6],
    ['10,000 characters', { text: '月'.repeat(10_000) }, 0],
    ['letters that match nothing', { text: 'qqqqqqq' }, 0],
    ['unknown language', { language: '火星语' }, 0],
    ['unknown singer', { singer: '无名氏' }, 0],
    ['word count 0', { wordCount: 0 }, 0],
    ['word count NaN', { wordCount: Number.NaN }, 0],
    ['at least NaN words', { minWordCount: Number.NaN }, 0],
    ['at least 0 words: every song', { minWordCount: 0 }, all],
    ['at least 1000 words', { minWordCount: 1000 }, 0],
    ['negative limit and offset', { limit: -5, offset: -3 }, all],
    ['huge offset', { offset: 1e9 }, all],
    ['lone surrogate', { text: '\ud83d' }, 0],
    ['NUL and control characters', { text: '\u0000\u0001' }, 0],
  ];
  for (const [name, q, total] of cases) {
    it(name, () => {
      const r = searchSongs(index, q);
      assert.equal(r.total, total);
      assert.ok(r.songs.length <= 500);
    });
  }

  it('limit bounds the page, total counts all', () => {
    const r = searchSongs(index, { limit: 2 });
    assert.equal(r.songs.length, 2);
    assert.equal(r.total, all);
  });

  it('an empty catalog finds nothing', () => {
    const empty = buildSearchIndex([]);
    assert.deepEqual(searchSongs(empty, { text: 'yl' }), { total: 0, songs: [] });
    assert.deepEqual(searchSongs(empty, {}), { total: 0, songs: [] });
    assert.deepEqual(listSingers(empty, {}), { total: 0, singers: [] });
  });
});

describe('listSingers', () => {
  it('lists by popularity with initials and song counts', () => {
    const r = listSingers(index, { limit: 2 });
    assert.equal(r.total, 16);
    assert.deepEqual(r.singers, [
      { name: '邓丽君', initials: 'dlj', songCount: 1 },
      { name: '张学友', initials: 'zxy', songCount: 3 },
    ]);
  });
  it('filters by initial, reading a polyphonic surname as a surname', () => {
    assert.deepEqual(
      listSingers(index, { initial: 'z' }).singers.map((s) => s.name),
      ['张学友', '曾轶可'],
    );
    assert.deepEqual(
      listSingers(index, { initial: '#' }).singers.map((s) => s.name),
      [],
    );
  });
  it('filters by language', () => {
    assert.deepEqual(
      listSingers(index, { language: '英语' }).singers.map((s) => s.name),
      ['Adele', 'The Beatles'],
    );
  });
  it('finds by text', () => {
    assert.deepEqual(
      listSingers(index, { text: 'rxq' }).singers.map((s) => s.name),
      ['任贤齐'],
    );
    assert.deepEqual(
      listSingers(index, { text: 'the be' }).singers.map((s) => s.name),
      ['The Beatles'],
    );
  });
});

describe('charts', () => {
  it('week, all time, new', () => {
    assert.deepEqual(
      charts(index, 'week', { limit: 2 }).map((s) => s.title),
      ['Super Star', '月亮之上'],
    );
    assert.deepEqual(
      charts(index, 'all', { limit: 2 }).map((s) => s.title),
      ['月亮代表我的心', '吻别'],
    );
    assert.equal(charts(index, 'new', { limit: 1 })[0]?.title, '对面的女孩看过来');
    assert.deepEqual(
      charts(index, 'all', { language: '粤语' }).map((s) => s.title),
      ['海阔天空', 'K歌之王'],
    );
  });
});

describe('searchSongs over many matches (sorted once, then served from the cache)', () => {
  const many: CatalogSong[] = [];
  for (let i = 0; i < 6000; i++) {
    many.push(
      song(i % 3 === 0 ? `月亮${i}` : `月光之歌${i}`, [`歌手${i % 7}`], {
        ...P(i % 100),
        language: i % 2 === 0 ? '国语' : '粤语',
      }),
    );
  }
  const big = buildSearchIndex(many);

  it('gives the same pages the first and the second time, filters and offsets included', () => {
    for (const q of [
      { text: 'y' },
      { text: 'y', language: '粤语', limit: 7, offset: 3 },
      { text: 'yue', wordCount: 3 },
      { text: 'y', offset: 5990 },
    ] satisfies SearchQuery[]) {
      const first = searchSongs(big, q);
      const second = searchSongs(big, q);
      assert.deepEqual(second, first, JSON.stringify(q));
    }
  });

  it('counts every match and ranks by class, then plays', () => {
    const r = searchSongs(big, { text: 'y', limit: 500 });
    assert.equal(r.total, 6000);
    const plays = r.songs.map((h) => h.song.plays?.all ?? 0);
    assert.deepEqual(
      plays,
      [...plays].sort((a, b) => b - a),
    );
    assert.equal(searchSongs(big, { text: 'y', language: '粤语' }).total, 3000);
    assert.equal(searchSongs(big, { text: 'yueliang' }).total, 2000);
    const page = searchSongs(big, { text: 'y', limit: 10, offset: 10 }).songs.map((h) => h.song.id);
    assert.deepEqual(
      page,
      r.songs.slice(10, 20).map((h) => h.song.id),
    );
  });
});
