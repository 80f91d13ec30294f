import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JournalCorruptError } from './errors.js';
import { encodeRecord } from './record.js';
import { scanSegment } from './segment-scan.js';

const line = (seq: number, more = false) => encodeRecord({ seq, type: 't', at: 0, data: { seq } }, more);
const good = line(10) + line(11) + line(12, true) + line(13);
const goodBytes = Buffer.byteLength(good);
const corrupt = (s: string) => s.replace('"data":{"seq":11}', '"data":{"seq":99}');

test('torn ends are cut, in the last segment only', () => {
  const batchStart = Buffer.byteLength(line(10) + line(11));
  const cases: [string, string, number, number][] = [
    // name, bytes, records kept, cut at
    ['clean', good, 4, goodBytes],
    ['empty', '', 0, 0],
    ['half a line', good + line(14).slice(0, 20), 4, goodBytes],
    ['a line without its newline', good + line(14).slice(0, -1), 4, goodBytes],
    ['zeros', `${good}${'\0'.repeat(100)}`, 4, goodBytes],
    ['zeros with a newline', `${good}${'\0'.repeat(10)}\n${'\0'.repeat(10)}`, 4, goodBytes],
    ['bad checksum on the last line', good + corrupt(line(14)).replace('"seq":14}', '"seq":15}'), 4, goodBytes],
    ['half a batch', line(10) + line(11) + line(12, true), 2, batchStart],
    ['half a batch then a torn line', line(10) + line(11) + line(12, true) + line(13).slice(0, 9), 2, batchStart],
  ];
  for (const [name, text, kept, cutAt] of cases) {
    const buf = Buffer.from(text);
    const scanned = scanSegment(buf, 'f', 10, true);
    assert.equal(scanned.records.length, kept, name);
    assert.equal(scanned.validBytes, cutAt, name);
    assert.equal(scanned.torn?.bytes ?? 0, buf.length - cutAt, name);
    if (buf.length > cutAt) {
      assert.throws(() => scanSegment(buf, 'f', 10, false), JournalCorruptError, `${name} (not last segment)`);
    }
  }
});

test('a bad record before a good one, or a gap in seq, is corruption at its offset', () => {
  const second = Buffer.byteLength(line(10));
  const cases: [string, string, number][] = [
    ['changed record in the middle', corrupt(good), second],
    ['zeros in the middle', `${line(10)}${'\0'.repeat(20)}\n${line(11)}`, second],
    ['a record missing', line(10) + line(12), second],
    ['a record twice', line(10) + line(10), second],
    ['wrong first seq', line(9) + line(10), 0],
  ];
  for (const [name, text, offset] of cases) {
    assert.throws(
      () => scanSegment(Buffer.from(text), 'seg.ndjson', 10, true),
      (e: unknown) => e instanceof JournalCorruptError && e.file === 'seg.ndjson' && e.offset === offset,
      name,
    );
  }
});

test('checking without parsing finds the same end and seqs', () => {
  const texts = [good, good + line(14).slice(0, 20), line(10) + line(11) + line(12, true), ''];
  for (const text of texts) {
    const parsed = scanSegment(Buffer.from(text), 'f', 10, true);
    const checked = scanSegment(Buffer.from(text), 'f', 10, true, false);
    assert.equal(checked.validBytes, parsed.validBytes);
    assert.deepEqual(
      checked.records.map((r) => r.seq),
      parsed.records.map((r) => r.seq),
    );
  }
  assert.throws(() => scanSegment(Buffer.from(corrupt(good)), 'f', 10, true, false), JournalCorruptError);
});
