import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toAss } from './ass.js';
import { assTime, escapeAssText } from './ass-format.js';
import { parseLrc } from './parse-lrc.js';

interface Dialogue {
  startCs: number;
  endCs: number;
  style: string;
  text: string;
}

function csOf(t: string): number {
  const [h, m, s] = t.split(':');
  return Math.round((Number(h) * 3600 + Number(m) * 60 + Number(s)) * 100);
}

function dialogues(ass: string): Dialogue[] {
  return ass
    .split('\n')
    .filter((l) => l.startsWith('Dialogue: '))
    .map((l) => {
      const f = l.slice('Dialogue: '.length).split(',');
      return { startCs: csOf(f[1] ?? ''), endCs: csOf(f[2] ?? ''), style: f[3] ?? '', text: f.slice(9).join(',') };
    });
}

/** The \k and \kf durations of a Dialogue text, in order. */
function karaoke(text: string): { tag: string; cs: number }[] {
  return [...text.matchAll(/\{\\(kf?)(\d+)\}/g)].map((m) => ({ tag: m[1] ?? '', cs: Number(m[2]) }));
}

/** What libass would show: override blocks removed, escapes undone. */
function visible(text: string): string {
  return text
    .replace(/(?<!\\)\{[^}]*\}/g, '')
    .replace(/\\([{}])/g, '$1')
    .replace(/\\\u2060/g, '\\');
}

const cs = (ms: number) => Math.round(ms / 10);

const SONG = [
  '[ti:月亮代表我的心]',
  '[ar:邓丽君]',
  '[00:10.00]你问我爱你有多深',
  '[00:14.37]<00:14.37>我<00:14.90>爱<00:15.41>你<00:16.00>有<00:16.80>几<00:17.15>分<00:18.00>',
  '[00:19.00]I love you {really} \\N much',
  '[00:30.00]',
  '[00:40.00]月亮代表我的心',
].join('\n');

describe('toAss', () => {
  const { lyrics } = parseLrc(SONG);
  const ass = toAss(lyrics, { fontName: 'Noto Sans CJK SC' });
  const events = dialogues(ass).filter((d) => d.style !== 'KtvTitle');

  it('has the three sections and the TV resolution', () => {
    assert.match(ass, /^\[Script Info\]\n/);
    assert.match(ass, /\nPlayResX: 1920\nPlayResY: 1080\n/);
    assert.match(ass, /\n\[V4\+ Styles\]\nFormat: Name, Fontname, Fontsize,/);
    assert.match(ass, /\n\[Events\]\nFormat: Layer, Start, End, Style,/);
  });

  it('uses the CJK font, large, with sung and unsung colours', () => {
    const style = ass.split('\n').find((l) => l.startsWith('Style: KtvUpper,')) ?? '';
    const f = style.slice('Style: '.length).split(',');
    assert.equal(f[1], 'Noto Sans CJK SC');
    assert.ok(Number(f[2]) >= 70, `font size ${f[2]}`);
    assert.equal(f[3], '&H00FFCC33'); // primary = sung, #33CCFF
    assert.equal(f[4], '&H00FFFFFF'); // secondary = not yet sung
  });

  it('takes another font and resolution, and defaults the font', () => {
    const other = toAss(lyrics, { fontName: 'WenQuanYi, Zen Hei', playResX: 1280, playResY: 720 });
    assert.match(other, /Style: KtvUpper,WenQuanYi {2}Zen Hei,54,/);
    assert.match(other, /PlayResX: 1280\nPlayResY: 720/);
    assert.match(toAss(lyrics), /Style: KtvUpper,Noto Sans CJK SC,/);
  });

  it('has one event per line, alternating upper-left and lower-right rows', () => {
    assert.equal(events.length, lyrics.lines.length);
    assert.deepEqual(
      events.map((e) => e.style),
      ['KtvUpper', 'KtvLower', 'KtvUpper', 'KtvLower'],
    );
    assert.match(ass, /Style: KtvUpper,[^\n]*,1,\d+,\d+,\d+,1\n/); // alignment 1: bottom left
    assert.match(ass, /Style: KtvLower,[^\n]*,3,\d+,\d+,\d+,1\n/); // alignment 3: bottom right
  });

  it('never shows two events in the same row at once', () => {
    for (const style of ['KtvUpper', 'KtvLower']) {
      const row = events.filter((e) => e.style === style);
      for (let i = 1; i < row.length; i++) assert.ok((row[i]?.startCs ?? 0) >= (row[i - 1]?.endCs ?? 0), style);
    }
  });

  it('ends each event at its line end, and the \\k lead-in reaches the line start', () => {
    events.forEach((e, i) => {
      const line = lyrics.lines[i];
      assert.ok(line);
      assert.equal(e.endCs, cs(line.endMs));
      const lead = karaoke(e.text).filter((k) => k.tag === 'k');
      const leadCs = lead[0]?.cs ?? 0;
      assert.equal(e.startCs + leadCs, cs(line.startMs), `line ${i}`);
      assert.ok(cs(line.startMs) - e.startCs <= 400, 'appears at most 4 s early');
    });
  });

  it('\\kf durations sum to the line duration (evenly spread) or to the last word time (word timing)', () => {
    events.forEach((e, i) => {
      const line = lyrics.lines[i];
      assert.ok(line);
      const kf = karaoke(e.text).filter((k) => k.tag === 'kf');
      assert.equal(kf.length, line.words.length);
      const sum = kf.reduce((a, k) => a + k.cs, 0);
      const lastEnd = line.words[line.words.length - 1]?.endMs ?? 0;
      assert.equal(sum, cs(lastEnd) - cs(line.startMs), `line ${i}`);
    });
    // Lines without word timing fill over the whole line.
    for (const i of [0, 2, 3]) {
      const line = lyrics.lines[i];
      const sum = karaoke(events[i]?.text ?? '')
        .filter((k) => k.tag === 'kf')
        .reduce((a, k) => a + k.cs, 0);
      assert.equal(sum, cs(line?.endMs ?? 0) - cs(line?.startMs ?? 0));
    }
  });

  it('keeps word timing from the file', () => {
    const kf = karaoke(events[1]?.text ?? '').filter((k) => k.tag === 'kf');
    assert.deepEqual(
      kf.map((k) => k.cs),
      [53, 51, 59, 80, 35, 85],
    );
  });

  it('escapes braces and backslashes so the text shows as written', () => {
    const e = events[2];
    assert.ok(e);
    assert.ok(e.text.includes('\\{really\\}'));
    assert.ok(!/\\N/.test(e.text), 'no line break from a literal backslash-N');
    assert.equal(visible(e.text), 'I love you {really} \\N much');
    events.forEach((ev, i) => {
      assert.equal(visible(ev.text), lyrics.lines[i]?.text);
    });
  });

  it('shows title and artist before the first line', () => {
    const title = dialogues(ass).find((d) => d.style === 'KtvTitle');
    assert.deepEqual(title, { startCs: 0, endCs: 600, style: 'KtvTitle', text: '月亮代表我的心 - 邓丽君' });
    assert.ok(!toAss(lyrics, { showTitle: false }).includes('KtvTitle,,'));
  });

  it('squeezes a line too wide for the screen instead of wrapping it', () => {
    const long = parseLrc(`[00:01.00]${'长'.repeat(40)}`).lyrics;
    const text = dialogues(toAss(long))[0]?.text ?? '';
    const m = /^\{\\fscx(\d+)\}/.exec(text);
    assert.ok(m, text.slice(0, 30));
    assert.ok(Number(m[1]) < 100);
  });
});

describe('ASS pieces', () => {
  const times: [number, string][] = [
    [0, '0:00:00.00'],
    [1234, '0:00:12.34'],
    [6000, '0:01:00.00'],
    [360_000 + 6_100, '1:01:01.00'],
  ];
  for (const [value, text] of times) it(`time ${value} cs is ${text}`, () => assert.equal(assTime(value), text));

  const escapes: [string, string][] = [
    ['plain 月亮', 'plain 月亮'],
    ['{\\b1}', '\\{\\\u2060b1\\}'],
    ['a\\Nb', 'a\\\u2060Nb'],
    ['a\\hb', 'a\\\u2060hb'],
    ['}{', '\\}\\{'],
  ];
  for (const [input, output] of escapes) {
    it(`escapes ${JSON.stringify(input)}`, () => assert.equal(escapeAssText(input), output));
  }
});
