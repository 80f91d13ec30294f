import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ContiguousAcks } from './acks.js';
import { backoffDelay, classifyStatus, retryAfterMs } from './backoff.js';
import { toCloudEvent } from './cloud-event.js';
import { batchKey } from './forwarder.js';

test('backoff: exponential ceiling with full jitter, capped', () => {
  const p = { minMs: 1000, maxMs: 60_000 };
  const cases: [attempt: number, random: number, want: number][] = [
    [0, 1, 1000],
    [1, 1, 2000],
    [3, 1, 8000],
    [10, 1, 60_000],
    [40, 1, 60_000],
    [3, 0.5, 4000],
    [3, 0, 500], // never below half the minimum
  ];
  for (const [attempt, random, want] of cases)
    assert.equal(
      backoffDelay(p, attempt, () => random),
      want,
      `attempt ${attempt}`,
    );
});

test('Retry-After: seconds, HTTP date, junk, absent', () => {
  const now = Date.UTC(2026, 10, 23, 12, 0, 0);
  const cases: [header: string | undefined, want: number | undefined][] = [
    ['120', 120_000],
    [' 3 ', 3000],
    [new Date(now + 30_000).toUTCString(), 30_000],
    [new Date(now - 30_000).toUTCString(), 0],
    ['soon', undefined],
    [undefined, undefined],
    ['999999999', 86_400_000],
  ];
  for (const [header, want] of cases) assert.equal(retryAfterMs(header, now), want, String(header));
});

test('HTTP status: 2xx acked, 408/429/5xx retried, other 4xx parked', () => {
  const cases: [status: number, retryAfter: number | undefined, kind: string, afterMs?: number][] = [
    [200, undefined, 'acked'],
    [204, undefined, 'acked'],
    [408, undefined, 'retry'],
    [429, 5000, 'retry', 5000],
    [429, undefined, 'retry'],
    [503, 7000, 'retry', 7000],
    [500, undefined, 'retry'],
    [400, undefined, 'park'],
    [401, undefined, 'park'],
    [413, undefined, 'park'],
    [422, 1000, 'park'],
  ];
  for (const [status, ra, kind, afterMs] of cases) {
    const out = classifyStatus(status, ra);
    assert.equal(out.kind, kind, `status ${status}`);
    if (afterMs !== undefined) assert.deepEqual(out, { kind: 'retry', afterMs });
  }
});

test('acks: the contiguous point only moves over a gap-free run', () => {
  const a = new ContiguousAcks(10);
  a.ack(12);
  a.ack(13);
  assert.equal(a.contiguous(), 10);
  a.ack(11);
  assert.equal(a.contiguous(), 13);
  a.ack(9);
  a.ack(13);
  assert.equal(a.contiguous(), 13);
  a.ackRange(14, 20);
  assert.equal(a.contiguous(), 20);
  a.ack(22);
  a.dropAhead();
  a.ack(21);
  assert.equal(a.contiguous(), 21);
});

test('cloud event: a room event keeps its ULID, a business record gets store.j{seq}', () => {
  const room = toCloudEvent('s1', {
    seq: 7,
    type: 'room.event',
    at: 1000,
    data: {
      id: '01JABCDEFGHJKMNPQRSTVWXYZ0',
      type: 'song.started',
      room: '101',
      seq: 3,
      at: 990,
      data: { x: 1 },
      receivedAt: 1000,
    },
  });
  assert.deepEqual(room, {
    id: '01JABCDEFGHJKMNPQRSTVWXYZ0',
    store: 's1',
    jseq: 7,
    kind: 'room.event',
    type: 'song.started',
    room: '101',
    seq: 3,
    at: 990,
    receivedAt: 1000,
    data: { x: 1 },
  });
  const bill = toCloudEvent('s1', {
    seq: 8,
    type: 'business.session.checkedOut',
    at: 2000,
    data: { at: 1990, room: '102' },
  });
  assert.equal(bill.id, 's1.j8');
  assert.equal(bill.room, '102');
  assert.equal(bill.seq, null);
  assert.equal(bill.at, 1990);
  const other = toCloudEvent('s1', { seq: 9, type: 'business.order.added', at: 3000, data: { sessionId: 'x' } });
  assert.deepEqual([other.id, other.room, other.at], ['s1.j9', null, 3000]);
});

test('batch key: same records same key, different records different key', () => {
  const ev = (jseq: number) => toCloudEvent('s1', { seq: jseq, type: 'x', at: 1, data: null });
  const a = [ev(1), ev(2), ev(3)];
  assert.equal(batchKey('s1', a), batchKey('s1', [ev(1), ev(2), ev(3)]));
  assert.notEqual(batchKey('s1', a), batchKey('s1', [ev(1), ev(3)]));
  assert.match(batchKey('s1', a), /^s1-1-3-3-[0-9a-f]{8}$/);
});
