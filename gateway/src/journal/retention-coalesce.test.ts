import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeLine, encodeRecord, type JournalRecord } from './record.js';
import { COALESCED_RECORD, coalesceSegmentBytes } from './retention-coalesce.js';
import { scanSegment } from './segment-scan.js';

function sensor(seq: number, room: string, sensorName: string, value: boolean): JournalRecord {
  return {
    seq,
    type: 'room.event',
    at: 1000 + seq,
    data: {
      id: `E${seq}`,
      type: 'sensor.changed',
      room,
      seq,
      at: 1000 + seq,
      data: { sensor: sensorName, value },
      receivedAt: 1000 + seq,
    },
  };
}
function other(seq: number, type: string, data: unknown): JournalRecord {
  return { seq, type, at: 1000 + seq, data };
}

describe('coalesceSegmentBytes', () => {
  const records: [JournalRecord, boolean][] = [
    [sensor(1, '101', 'door', true), false],
    [other(2, 'business.order.added', { sessionId: 'S1', line: { priceFen: 1500 } }), false],
    [sensor(3, '101', 'door', false), false],
    [sensor(4, '101', 'motion', true), true], // part of an atomic batch with 5
    [other(5, 'room.event', { type: 'song.started', room: '101', data: { songId: 'x' } }), false],
    [sensor(6, '102', 'door', true), false],
    [other(7, 'room.event', { type: 'queue.changed', room: '101', data: { op: 'add', upcoming: 1 } }), false],
    [other(8, 'room.event', { type: 'queue.changed', room: '101', data: { op: 'add', upcoming: 2 } }), false],
  ];
  const lines = records.map(([r, more]) => encodeRecord(r, more));
  const buf = Buffer.from(lines.join(''));

  it('keeps the latest per room and key, copies everything else byte for byte, keeps seqs and batches', () => {
    const later = new Set<string>(['102\u0000sensor\u0000door']); // a newer segment has 102's door
    const planned = coalesceSegmentBytes(buf, later);
    assert.ok(planned);
    assert.equal(planned.replaced, 3); // 101 door@1, 102 door@6, queue@7
    const out = planned.data.toString().split('\n').filter(Boolean);
    assert.equal(out.length, 8);
    const types = out.map((l) => {
      const d = decodeLine(l);
      assert.ok(d.ok);
      return d.record.type;
    });
    assert.deepEqual(types, [
      COALESCED_RECORD,
      'business.order.added',
      'room.event',
      'room.event',
      'room.event',
      COALESCED_RECORD,
      COALESCED_RECORD,
      'room.event',
    ]);
    for (const i of [1, 2, 3, 4, 7]) assert.equal(`${out[i]}\n`, lines[i], `line ${i + 1} copied as it was`);
    assert.equal(decodeLine(out[3] ?? '').ok && (decodeLine(out[3] ?? '') as { more: boolean }).more, true);
    const scanned = scanSegment(planned.data, 'x', 1, false);
    assert.deepEqual(
      scanned.records.map((r) => r.seq),
      [1, 2, 3, 4, 5, 6, 7, 8],
    );
    assert.ok(planned.data.length < buf.length);
    assert.ok(later.has('101\u0000sensor\u0000motion') && later.has('101\u0000queue'));
  });

  it('a replaced record inside a batch keeps the batch marker', () => {
    const batch = Buffer.from(
      encodeRecord(sensor(1, '101', 'door', true), true) + encodeRecord(sensor(2, '101', 'door', false), false),
    );
    const planned = coalesceSegmentBytes(batch, new Set());
    assert.ok(planned);
    assert.equal(planned.replaced, 1);
    const first = decodeLine(planned.data.toString().split('\n')[0] ?? '');
    assert.ok(first.ok && first.more && first.record.type === COALESCED_RECORD);
  });

  it('leaves a segment without anything to coalesce, or with a torn end, alone', () => {
    const money = Buffer.from(encodeRecord(other(1, 'business.session.opened', { x: 1 })));
    assert.equal(coalesceSegmentBytes(money, new Set())?.replaced, 0);
    assert.equal(coalesceSegmentBytes(Buffer.concat([buf, Buffer.from('{"seq":9')]), new Set()), undefined);
  });
});
