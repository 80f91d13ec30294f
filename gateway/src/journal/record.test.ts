import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checksum, decodeLine, encodeRecord, encodeRecordJson, type JournalRecord } from './record.js';

const rec = (data: unknown, type = 'order.added'): JournalRecord => ({ seq: 7, type, at: 1_700_000_000_000, data });

test('encode then decode gives the record back', () => {
  const cases: [string, JournalRecord, boolean][] = [
    ['object', rec({ item: '青岛啤酒', fen: 1500, qty: 2 }), false],
    ['null data', rec(null), false],
    ['string with a newline and quotes', rec('a\n"b"\\c'), false],
    ['array', rec([1, 2, 3]), true],
    ['emoji and CJK type', rec({ name: '🎤' }, '点单'), true],
    ['nested', rec({ a: { b: { c: [null, true, 0] } } }), false],
  ];
  for (const [name, record, more] of cases) {
    const line = encodeRecord(record, more);
    assert.ok(line.endsWith('"}\n'), name);
    assert.equal(line.indexOf('\n'), line.length - 1, `${name}: one line`);
    JSON.parse(line);
    assert.deepEqual(decodeLine(line.slice(0, -1)), { ok: true, record, more }, name);
  }
  assert.deepEqual(decodeLine(encodeRecord(rec(undefined)).slice(0, -1)), { ok: true, record: rec(null), more: false });
});

test('checksum is CRC-32 of the line without its crc member', () => {
  assert.equal(checksum(''), '00000000');
  assert.equal(checksum('123456789'), 'cbf43926');
  const line = encodeRecord({ seq: 1, type: 't', at: 2, data: 3 });
  assert.equal(
    line,
    `{"seq":1,"type":"t","at":2,"data":3,"crc":"${checksum('{"seq":1,"type":"t","at":2,"data":3}')}"}\n`,
  );
});

test('a damaged line is refused with the reason', () => {
  const good = encodeRecord(rec({ fen: 1500 })).slice(0, -1);
  const cases: [string, string, string][] = [
    ['one digit changed', good.replace('1500', '1600'), 'checksum'],
    ['crc changed', good.replace(/"crc":"(.)/, (_m, c: string) => `"crc":"${c === '0' ? '1' : '0'}`), 'checksum'],
    ['cut short', good.slice(0, 30), 'shape'],
    ['empty', '', 'shape'],
    ['zeros', '\0'.repeat(60), 'shape'],
    ['no crc', JSON.stringify(rec(1)), 'shape'],
    ['valid crc, not a record', `${'{"x":1'}${`,"crc":"${checksum('{"x":1}')}"}`}`, 'shape'],
  ];
  for (const [name, line, reason] of cases) {
    const decoded = decodeLine(line);
    assert.equal(decoded.ok, false, name);
    if (!decoded.ok) assert.equal(decoded.reason, reason, name);
  }
});

test('encodeRecordJson writes the very line encodeRecord writes for the same data', () => {
  const cases: [string, JournalRecord, boolean][] = [
    ['object', rec({ item: '青岛啤酒', fen: 1500, qty: 2 }), false],
    ['null', rec(null), false],
    ['a string with escapes', rec('a\n"b"\\c'), true],
    ['a type that needs escaping', rec({ a: 1 }, 'x"y'), false],
  ];
  for (const [name, record, more] of cases) {
    assert.equal(encodeRecordJson(record, JSON.stringify(record.data), more), encodeRecord(record, more), name);
  }
  // Text as a device wrote it (key order, spaces) is kept as it is and decodes to the same data.
  const line = encodeRecordJson({ seq: 3, type: 'room.event', at: 5 }, '{"b": 2, "a": [1]}');
  assert.deepEqual(decodeLine(line.slice(0, -1)), {
    ok: true,
    record: { seq: 3, type: 'room.event', at: 5, data: { b: 2, a: [1] } },
    more: false,
  });
});
