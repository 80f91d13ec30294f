import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { gzJsonWithArray } from './gz-json.js';

describe('gzJsonWithArray: the same JSON text as JSON.stringify, gzip’d a piece at a time', () => {
  const song = (i: number) => ({
    id: `s${i}`,
    title: `歌${i}`,
    artists: ['某人'],
    plays: i % 3 ? { all: i } : undefined,
  });
  const cases: Array<[string, Record<string, unknown>, string, unknown[]]> = [
    ['no items', { version: 1, createdAt: 2 }, 'songs', []],
    ['one item', { version: 1 }, 'entries', [song(1)]],
    ['no other fields', {}, 'songs', [song(1), song(2)]],
    ['more than one piece', { version: 7, createdAt: 9 }, 'songs', Array.from({ length: 2501 }, (_, i) => song(i))],
    ['strings that need escaping', { note: 'a"b\\c\n' }, 'list', ['x"y', '\u2028', null, 3]],
  ];
  for (const [name, fields, key, items] of cases) {
    it(name, async () => {
      const bytes = await gzJsonWithArray(fields, key, items);
      assert.equal(gunzipSync(bytes).toString('utf8'), JSON.stringify({ ...fields, [key]: items }));
    });
  }
});
