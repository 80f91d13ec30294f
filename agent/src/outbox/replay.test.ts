import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RoomEvent } from '@ktv/protocol';
import { decodeLine, encodeRecord, type OutboxRecord } from './records.js';
import { replay } from './replay.js';

function ev(seq: number): RoomEvent {
  return {
    id: `01JABCDEFGHJKMNPQRSTV${String(seq).padStart(5, '0')}`,
    type: 'service.called',
    room: '101',
    seq,
    at: 1_700_000_000_000 + seq,
    data: {},
  };
}

const e = (seq: number): OutboxRecord => ({ k: 'e', ev: ev(seq) });
const a = (seq: number): OutboxRecord => ({ k: 'a', seq });
const s = (lastSeq: number): OutboxRecord => ({ k: 's', lastSeq });
const text = (...records: OutboxRecord[]) => records.map(encodeRecord).join('');

describe('records', () => {
  it('round-trips every kind', () => {
    for (const r of [e(1), a(1), s(7)]) {
      const line = encodeRecord(r);
      assert.ok(line.endsWith('\n'));
      assert.deepEqual(decodeLine(line.slice(0, -1)), r);
    }
  });
  const bad: [string, string][] = [
    ['empty', ''],
    ['no checksum', '{"k":"a","seq":1}'],
    ['wrong checksum', `00000000 ${JSON.stringify(a(1))}`],
    ['cut short', encodeRecord(e(1)).slice(0, 40)],
    ['unknown kind', encodeRecord({ k: 'x' } as unknown as OutboxRecord).slice(0, -1)],
    ['ack without seq', encodeRecord({ k: 'a' } as unknown as OutboxRecord).slice(0, -1)],
  ];
  for (const [name, line] of bad) {
    it(`refuses ${name}`, () => assert.equal(decodeLine(line), undefined));
  }
});

describe('replay', () => {
  const cases: {
    name: string;
    file: string;
    lastSeq: number;
    pending: number[];
    tornBytes?: number;
    skipped?: number;
  }[] = [
    { name: 'empty file', file: '', lastSeq: 0, pending: [] },
    { name: 'records only', file: text(e(1), e(2), e(3)), lastSeq: 3, pending: [1, 2, 3] },
    { name: 'acks remove', file: text(e(1), e(2), a(1), e(3), a(3)), lastSeq: 3, pending: [2] },
    { name: 'all acked keeps the seq', file: text(e(1), a(1)), lastSeq: 1, pending: [] },
    { name: 'seq floor after compaction', file: text(s(41)), lastSeq: 41, pending: [] },
    { name: 'floor then events', file: text(s(41), e(42), a(42), e(43)), lastSeq: 43, pending: [43] },
    {
      name: 'duplicate event record (compaction race) kept once',
      file: text(s(5), e(5), e(5)),
      lastSeq: 5,
      pending: [5],
    },
    { name: 'ack for unknown seq is harmless', file: text(e(1), a(9)), lastSeq: 1, pending: [1] },
    {
      name: 'torn tail without newline is cut',
      file: text(e(1), e(2)) + encodeRecord(e(3)).slice(0, 30),
      lastSeq: 2,
      pending: [1, 2],
      tornBytes: 30,
    },
    {
      name: 'corrupt last line with newline is cut',
      file: `${text(e(1))}deadbeef {"k":"e"}\n`,
      lastSeq: 1,
      pending: [1],
      tornBytes: 19,
    },
    {
      name: 'corrupt middle line is skipped, later records kept',
      file: `${text(e(1))}garbage\n${text(e(2))}`,
      lastSeq: 2,
      pending: [1, 2],
      skipped: 1,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const bytes = Buffer.from(c.file);
      const r = replay(bytes);
      assert.equal(r.image.lastSeq, c.lastSeq);
      assert.deepEqual([...r.image.pending.keys()], c.pending);
      assert.equal(r.tornBytes, c.tornBytes ?? 0);
      assert.equal(r.validBytes, bytes.length - (c.tornBytes ?? 0));
      assert.equal(r.skippedLines, c.skipped ?? 0);
    });
  }
});
