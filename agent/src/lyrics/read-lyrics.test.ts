import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeLyricBytes } from './decode.js';
import { toLyricsJson } from './lyrics-json.js';
import { readLyrics } from './read-lyrics.js';
import type { LyricEncoding } from './types.js';

const LRC = '[ti:月亮代表我的心]\r\n[ar:邓丽君]\r\n[00:01.00]月亮代表我的心\r\n[00:08.00]\r\n';
const EXPECTED_TEXT = '月亮代表我的心';

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
// GBK bytes of known characters (checked against the gb18030 decoder below).
const GBK_SONG = [0xd4, 0xc2, 0xc1, 0xc1, 0xb4, 0xfa, 0xb1, 0xed, 0xce, 0xd2, 0xb5, 0xc4, 0xd0, 0xc4]; // 月亮代表我的心
const GBK_SINGER = [0xb5, 0xcb, 0xc0, 0xf6, 0xbe, 0xfd]; // 邓丽君
const GBK: [string, number[]][] = [
  ['月亮代表我的心', GBK_SONG],
  ['邓丽君', GBK_SINGER],
];
const gbkLrc = (): Uint8Array =>
  new Uint8Array([
    ...ascii('[ti:'),
    ...GBK_SONG,
    ...ascii(']\r\n[ar:'),
    ...GBK_SINGER,
    ...ascii(']\r\n[00:01.00]'),
    ...GBK_SONG,
    ...ascii('\r\n[00:08.00]\r\n'),
  ]);
const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const utf16le = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le'));
const utf16be = (s: string) => utf16le(s).map((_, i, a) => a[i ^ 1] ?? 0);
const withBom = (bom: number[], body: Uint8Array) => new Uint8Array([...bom, ...body]);

describe('GBK fixture', () => {
  it('is what the gb18030 decoder reads and not valid UTF-8', () => {
    for (const [text, bytes] of GBK) {
      assert.equal(new TextDecoder('gb18030', { fatal: true }).decode(new Uint8Array(bytes)), text);
      assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes)));
    }
  });
});

const encodings: { name: string; bytes: Uint8Array; encoding: LyricEncoding }[] = [
  { name: 'UTF-8 without BOM', bytes: utf8(LRC), encoding: 'utf-8' },
  { name: 'UTF-8 with BOM', bytes: withBom([0xef, 0xbb, 0xbf], utf8(LRC)), encoding: 'utf-8' },
  { name: 'UTF-16 LE with BOM', bytes: withBom([0xff, 0xfe], utf16le(LRC)), encoding: 'utf-16le' },
  { name: 'UTF-16 BE with BOM', bytes: withBom([0xfe, 0xff], utf16be(LRC)), encoding: 'utf-16be' },
  { name: 'UTF-16 LE without BOM (NUL pattern)', bytes: utf16le(LRC), encoding: 'utf-16le' },
  { name: 'UTF-16 BE without BOM (NUL pattern)', bytes: utf16be(LRC), encoding: 'utf-16be' },
  { name: 'GBK', bytes: gbkLrc(), encoding: 'gb18030' },
];

describe('readLyrics: every encoding gives the same lyrics', () => {
  const expected = {
    title: '月亮代表我的心',
    artist: '邓丽君',
    offsetMs: 0,
    lines: [
      {
        startMs: 1000,
        endMs: 8000,
        text: EXPECTED_TEXT,
        words: [...EXPECTED_TEXT].map((c, i) => ({ startMs: 1000 + i * 1000, endMs: 2000 + i * 1000, text: c })),
      },
    ],
  };
  for (const c of encodings) {
    it(c.name, () => {
      const r = readLyrics(c.bytes);
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.encoding, c.encoding);
      assert.deepEqual(toLyricsJson(r.lyrics), expected);
      assert.deepEqual(r.warnings, []);
    });
  }
});

describe('decodeLyricBytes', () => {
  it('reads GB18030 four-byte characters', () => {
    const r = decodeLyricBytes(new Uint8Array([...ascii('[00:01.00]'), 0x95, 0x32, 0x82, 0x36]));
    assert.deepEqual(r, { ok: true, text: '[00:01.00]𠀀', encoding: 'gb18030' });
  });

  const refused: { name: string; bytes: Uint8Array }[] = [
    { name: 'bytes neither UTF-8 nor GB18030', bytes: new Uint8Array([...ascii('[00:01.00]'), 0xff, 0xff]) },
    {
      name: 'a binary file (control characters)',
      bytes: new Uint8Array([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x01, 0x02]),
    },
    { name: 'UTF-16 BOM with an odd byte count', bytes: new Uint8Array([0xff, 0xfe, 0x5b, 0x00, 0x30]) },
    { name: 'UTF-8 BOM then GBK bytes', bytes: withBom([0xef, 0xbb, 0xbf], gbkLrc()) },
  ];
  for (const c of refused) {
    it(`refuses ${c.name} instead of showing mojibake`, () => {
      const r = decodeLyricBytes(c.bytes);
      assert.equal(r.ok, false);
      assert.equal(r.ok ? '' : r.error.code, 'KTV_E_LYRICS_ENCODING');
    });
  }
});

describe('readLyrics errors', () => {
  const empty: { name: string; text: string }[] = [
    { name: 'an empty file', text: '' },
    { name: 'only tags', text: '[ti:x]\n[ar:y]\n' },
    { name: 'only gaps', text: '[00:01.00]\n[00:02.00]   \n' },
    { name: 'plain text, no timestamps', text: 'just some words\nand more' },
  ];
  for (const c of empty) {
    it(`${c.name} is KTV_E_LYRICS_EMPTY`, () => {
      const r = readLyrics(utf8(c.text));
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.equal(r.error.code, 'KTV_E_LYRICS_EMPTY');
        assert.match(r.error.message, /no lyric line/);
      }
    });
  }

  it('passes the decoding error on', () => {
    const r = readLyrics(new Uint8Array([0xff, 0xff, 0xff]));
    assert.equal(r.ok ? '' : r.error.code, 'KTV_E_LYRICS_ENCODING');
  });
});
