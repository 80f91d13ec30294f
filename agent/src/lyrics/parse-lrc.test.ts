import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type LyricsJson, toLyricsJson } from './lyrics-json.js';
import { parseLrc } from './parse-lrc.js';

type Line = LyricsJson['lines'][number];
type Word = Line['words'][number];

const w = (startMs: number, endMs: number, text: string): Word => ({ startMs, endMs, text });
const line = (startMs: number, endMs: number, text: string, words: Word[]): Line => ({ startMs, endMs, text, words });
/** A CJK line spread evenly, one character per word (only for spans that divide exactly). */
const cjk = (startMs: number, endMs: number, text: string): Line => {
  const chars = [...text];
  const step = (endMs - startMs) / chars.length;
  return line(
    startMs,
    endMs,
    text,
    chars.map((c, i) => w(startMs + i * step, startMs + (i + 1) * step, c)),
  );
};
const doc = (lines: Line[], patch: Partial<LyricsJson> = {}): LyricsJson => ({
  title: null,
  artist: null,
  offsetMs: 0,
  lines,
  ...patch,
});

const cases: { name: string; lrc: string; json: LyricsJson; warnLines?: number[] }[] = [
  {
    name: 'mm:ss.xx with LF; the last line lasts 500 ms per unit, at least 3 s',
    lrc: '[00:01.00]月亮\n[00:03.00]代表',
    json: doc([cjk(1000, 3000, '月亮'), cjk(3000, 6000, '代表')]),
  },
  {
    name: 'CRLF line ends',
    lrc: '[00:01.00]月亮\r\n[00:03.00]代表\r\n',
    json: doc([cjk(1000, 3000, '月亮'), cjk(3000, 6000, '代表')]),
  },
  {
    name: 'CR line ends',
    lrc: '[00:01.00]月亮\r[00:03.00]代表\r',
    json: doc([cjk(1000, 3000, '月亮'), cjk(3000, 6000, '代表')]),
  },
  {
    name: 'BOM left in the text',
    lrc: '\uFEFF[00:01.00]月亮\n[00:03.00]代表',
    json: doc([cjk(1000, 3000, '月亮'), cjk(3000, 6000, '代表')]),
  },
  { name: '[mm:ss]', lrc: '[00:02]啊\n[00:04]', json: doc([cjk(2000, 4000, '啊')]) },
  { name: '[mm:ss.x]', lrc: '[00:02.5]啊\n[00:04]', json: doc([cjk(2500, 4000, '啊')]) },
  { name: '[mm:ss.xxx]', lrc: '[00:02.250]啊\n[00:04]', json: doc([cjk(2250, 4000, '啊')]) },
  { name: '[mm:ss:xx] (colon before centiseconds)', lrc: '[00:02:50]啊\n[00:04]', json: doc([cjk(2500, 4000, '啊')]) },
  {
    name: 'minutes above 59',
    lrc: '[75:00.00]啊\n[75:02.00]',
    json: doc([cjk(4_500_000, 4_502_000, '啊')]),
  },
  {
    name: 'title, artist, album tags (album is not in the JSON)',
    lrc: '[ti:月亮代表我的心]\n[ar:邓丽君]\n[al:岛国之情歌]\n[00:01.00]啊\n[00:02.00]',
    json: doc([cjk(1000, 2000, '啊')], { title: '月亮代表我的心', artist: '邓丽君' }),
  },
  {
    name: 'positive offset makes lyrics earlier',
    lrc: '[offset:+500]\n[00:01.00]啊\n[00:02.00]',
    json: doc([cjk(500, 1500, '啊')], { offsetMs: 500 }),
  },
  {
    name: 'negative offset makes lyrics later',
    lrc: '[offset:-500]\n[00:01.00]啊\n[00:02.00]',
    json: doc([cjk(1500, 2500, '啊')], { offsetMs: -500 }),
  },
  {
    name: 'offset never makes a time negative',
    lrc: '[offset:2000]\n[00:01.00]啊\n[00:04.00]',
    json: doc([cjk(0, 2000, '啊')], { offsetMs: 2000 }),
  },
  {
    name: 'offset that is not a number is ignored with a warning',
    lrc: '[offset:fast]\n[00:01.00]啊\n[00:02.00]',
    json: doc([cjk(1000, 2000, '啊')]),
    warnLines: [1],
  },
  {
    name: 'several timestamps on one line make several lines, sorted',
    lrc: '[00:05.00][00:01.00]啊\n[00:03.00]哦',
    json: doc([cjk(1000, 3000, '啊'), cjk(3000, 5000, '哦'), cjk(5000, 8000, '啊')]),
  },
  {
    name: 'unsorted lines are sorted',
    lrc: '[00:03.00]哦\n[00:01.00]啊\n[00:05.00]',
    json: doc([cjk(1000, 3000, '啊'), cjk(3000, 5000, '哦')]),
  },
  {
    name: 'an empty line is a gap: it ends the line before it and is no line',
    lrc: '[00:01.00]啊\n[00:02.00]\n[00:10.00]哦',
    json: doc([cjk(1000, 2000, '啊'), cjk(10000, 13000, '哦')]),
  },
  {
    name: 'a line before a long interlude without a gap lasts at most 10 s',
    lrc: '[00:01.00]啊\n[00:30.00]哦\n[00:31.00]',
    json: doc([cjk(1000, 11000, '啊'), cjk(30000, 31000, '哦')]),
  },
  {
    name: 'last line lasts at most 10 s',
    lrc: '[00:00.00]一二三四五六七八九十一二三四五六七八九十一二三四五',
    json: doc([cjk(0, 10000, '一二三四五六七八九十一二三四五六七八九十一二三四五')]),
  },
  {
    name: 'enhanced LRC (A2): word times before words, a final end time',
    lrc: '[00:12.00]<00:12.00>月<00:12.50>亮<00:13.00>',
    json: doc([line(12000, 13000, '月亮', [w(12000, 12500, '月'), w(12500, 13000, '亮')])]),
  },
  {
    name: 'word times after words',
    lrc: '[00:12.00]月<00:12.50>亮<00:13.00>',
    json: doc([line(12000, 13000, '月亮', [w(12000, 12500, '月'), w(12500, 13000, '亮')])]),
  },
  {
    name: 'word times in square brackets inside the line',
    lrc: '[00:12.00]月[00:12.50]亮[00:13.00]',
    json: doc([line(12000, 13000, '月亮', [w(12000, 12500, '月'), w(12500, 13000, '亮')])]),
  },
  {
    name: 'word timing without a final time: the last word ends with the line',
    lrc: '[00:12.00]<00:12.00>月<00:12.50>亮\n[00:14.00]',
    json: doc([line(12000, 14000, '月亮', [w(12000, 12500, '月'), w(12500, 14000, '亮')])]),
  },
  {
    name: 'word timing on a line with several timestamps moves with each',
    lrc: '[00:12.00][00:20.00]<00:12.00>月<00:12.50>亮<00:13.00>',
    json: doc([
      line(12000, 20000, '月亮', [w(12000, 12500, '月'), w(12500, 13000, '亮')]),
      line(20000, 21000, '月亮', [w(20000, 20500, '月'), w(20500, 21000, '亮')]),
    ]),
  },
  {
    name: 'word timing with an offset',
    lrc: '[offset:1000]\n[00:12.00]<00:12.00>月<00:12.50>亮<00:13.00>',
    json: doc([line(11000, 12000, '月亮', [w(11000, 11500, '月'), w(11500, 12000, '亮')])], { offsetMs: 1000 }),
  },
  {
    name: 'Latin word timing keeps the spaces with the words',
    lrc: '[00:01.00]<00:01.00>Hello <00:01.50>world<00:02.00>',
    json: doc([line(1000, 2000, 'Hello world', [w(1000, 1500, 'Hello '), w(1500, 2000, 'world')])]),
  },
  {
    name: 'Latin without word timing: spread over the letters of each word',
    lrc: '[00:00.00]Hello big world\n[00:06.50]',
    json: doc([
      line(0, 6500, 'Hello big world', [w(0, 2500, 'Hello '), w(2500, 4000, 'big '), w(4000, 6500, 'world')]),
    ]),
  },
  {
    name: 'mixed CJK and Latin',
    lrc: '[00:00.00]我爱you\n[00:05.00]',
    json: doc([line(0, 5000, '我爱you', [w(0, 1000, '我'), w(1000, 2000, '爱'), w(2000, 5000, 'you')])]),
  },
  {
    name: 'punctuation takes no time',
    lrc: '[00:00.00]你好，世界\n[00:04.00]',
    json: doc([
      line(0, 4000, '你好，世界', [
        w(0, 1000, '你'),
        w(1000, 2000, '好'),
        w(2000, 2000, '，'),
        w(2000, 3000, '世'),
        w(3000, 4000, '界'),
      ]),
    ]),
  },
  {
    name: 'unknown tags ignored silently, junk lines skipped with their line number',
    lrc: '[by:someone]\n[re:tool]\n[ve:1.0]\n[length:03:00]\nhello there\n[Chorus]\n\n   \n[00:01.00]啊\n[00:02.00]',
    json: doc([cjk(1000, 2000, '啊')]),
    warnLines: [5, 6],
  },
  {
    name: 'two lines with the same time (original and translation) both last until the next time',
    lrc: '[00:01.00]Hi\n[00:01.00]嗨\n[00:03.00]',
    json: doc([line(1000, 3000, 'Hi', [w(1000, 3000, 'Hi')]), cjk(1000, 3000, '嗨')]),
  },
  {
    name: 'text around a lyric is trimmed',
    lrc: '  [00:01.00]   啊  \n[00:02.00]',
    json: doc([cjk(1000, 2000, '啊')]),
  },
];

describe('parseLrc', () => {
  for (const c of cases) {
    it(c.name, () => {
      const { lyrics, warnings } = parseLrc(c.lrc);
      assert.deepEqual(toLyricsJson(lyrics), c.json);
      const warned = warnings.map((m) => Number(/^line (\d+):/.exec(m)?.[1]));
      assert.deepEqual(warned, c.warnLines ?? [], warnings.join('\n'));
    });
  }

  it('keeps the album in the lyrics', () => {
    assert.equal(parseLrc('[al:岛国之情歌]\n[00:01.00]啊').lyrics.album, '岛国之情歌');
  });

  it('joined words always give the line text back, and words tile the line in order', () => {
    for (const c of cases) {
      for (const l of parseLrc(c.lrc).lyrics.lines) {
        assert.equal(l.words.map((x) => x.text).join(''), l.text, c.name);
        let at = l.startMs;
        for (const x of l.words) {
          assert.ok(x.startMs >= at && x.endMs >= x.startMs && x.endMs <= l.endMs, `${c.name}: ${JSON.stringify(x)}`);
          at = x.endMs;
        }
      }
    }
  });

  it('gives no line and no throw for a file without lyric lines', () => {
    assert.deepEqual(parseLrc('[ti:x]\nnothing here').lyrics.lines, []);
    assert.deepEqual(parseLrc('').lyrics.lines, []);
  });
});
