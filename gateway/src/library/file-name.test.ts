import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileNamePattern, type ParsedName, parseSongFileName, splitArtists } from './file-name.js';

describe('parseSongFileName', () => {
  const cases: [string, string, ParsedName][] = [
    ['{artist}-{title}', '张学友-吻别', { title: '吻别', artists: ['张学友'] }],
    ['{artist}-{title}', '张学友 - 吻别', { title: '吻别', artists: ['张学友'] }],
    ['{artist}-{title}', '张学友－吻别', { title: '吻别', artists: ['张学友'] }],
    ['{artist}-{title}', '张学友 — 吻别', { title: '吻别', artists: ['张学友'] }],
    ['{artist}-{title}', '歌手 - 歌名 (伴奏版)', { title: '歌名', artists: ['歌手'], variant: '伴奏版' }],
    ['{artist}-{title}', '歌手-歌名（原唱）', { title: '歌名', artists: ['歌手'], variant: '原唱' }],
    ['{artist}-{title}', '歌手-歌名【MV】', { title: '歌名', artists: ['歌手'], variant: 'MV' }],
    ['{artist}-{title}', '月亮代表我的心', { title: '月亮代表我的心', artists: [] }],
    ['{artist}-{title}', '  月亮代表我的心  ', { title: '月亮代表我的心', artists: [] }],
    ['{artist}-{title}', '(伴奏版)', { title: '(伴奏版)', artists: [] }],
    ['{artist}-{title}', '周杰伦&费玉清-千里之外', { title: '千里之外', artists: ['周杰伦', '费玉清'] }],
    ['{artist}-{title}', '张学友、汤宝如-相思风雨中', { title: '相思风雨中', artists: ['张学友', '汤宝如'] }],
    ['{artist}-{title}', 'Westlife-My Love', { title: 'My Love', artists: ['Westlife'] }],
    ['{artist}-{title}', 'Adele_-_Hello', { title: 'Hello', artists: ['Adele'] }],
    ['{artist}-{title}', 'A-Lin-给我一个理由忘记', { title: 'Lin-给我一个理由忘记', artists: ['A'] }],
    ['{title}-{artist}', '吻别-张学友', { title: '吻别', artists: ['张学友'] }],
    ['{title}-{artist}', '吻别', { title: '吻别', artists: [] }],
    ['{id} {artist}-{title}', '00123 张学友-吻别', { id: '00123', title: '吻别', artists: ['张学友'] }],
    ['{language}/{artist}-{title}', '粤语/张学友-吻别', { language: '粤语', title: '吻别', artists: ['张学友'] }],
  ];
  for (const [pattern, name, want] of cases) {
    it(`${pattern}: ${name}`, () => assert.deepEqual(parseSongFileName(name, compileNamePattern(pattern)), want));
  }

  it('refuses a pattern without {title} or with an unknown field', () => {
    assert.throws(() => compileNamePattern('{artist}'), /no \{title\}/);
    assert.throws(() => compileNamePattern('{singer}-{title}'), /unknown field \{singer\}/);
  });

  it('splits artists on the usual separators', () => {
    assert.deepEqual(splitArtists('A / B ／ C, D，E feat. F'), ['A', 'B', 'C', 'D', 'E', 'F']);
  });
});
