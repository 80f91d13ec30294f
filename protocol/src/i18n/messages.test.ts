import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catalogs, en, LANGS, translate, zhCN } from './messages.js';

describe('message catalog', () => {
  it('en has exactly the keys of zh-CN, none empty', () => {
    assert.deepEqual(Object.keys(en).sort(), Object.keys(zhCN).sort());
    for (const lang of LANGS) {
      for (const [key, text] of Object.entries(catalogs[lang])) assert.ok(text.trim().length > 0, `${lang} ${key}`);
    }
  });
  it('zh-CN strings are Chinese where they are words', () => {
    assert.match(zhCN['room.callActive'], /[\u4e00-\u9fff]/);
  });
  it('fills placeholders and keeps unknown ones visible', () => {
    assert.equal(translate('zh-CN', 'room.label', { name: '101' }), '包厢 101');
    assert.equal(translate('en', 'room.label', { name: '101' }), 'Room 101');
    assert.equal(translate('en', 'room.label'), 'Room {name}');
  });
  it('placeholders match between languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(zhCN) as Array<keyof typeof zhCN>) {
      assert.deepEqual(names(en[key]), names(zhCN[key]), key);
    }
  });
});
