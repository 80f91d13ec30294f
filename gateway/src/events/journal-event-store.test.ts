import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createIdFactory, type RoomEvent } from '@ktv/protocol';
import { QuotaDisk } from '../journal/disk-quota-twin.js';
import { Journal } from '../journal/index.js';
import { silentLogger } from '../logger.js';
import { BoundedDedupe } from './bounded-dedupe.js';
import { JournalEventStore, type JournalEventStoreOptions } from './journal-event-store.js';
import { importLegacyEvents } from './legacy-import.js';
import { storedEventJson } from './stored-event.js';

const nextId = createIdFactory();
let root: string;
let n = 0;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'ktv-events-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

function called(room: string, seq: number, id = nextId()): RoomEvent {
  return { id, type: 'service.called', room, seq, at: 1_700_000_000_000 + seq, data: {} };
}

async function appendDurably(store: JournalEventStore, event: RoomEvent, receivedAt: number) {
  const { result, durable } = store.append(event, receivedAt);
  await durable;
  return result;
}

async function openStore(dir: string, o: JournalEventStoreOptions = {}, segmentBytes?: number) {
  const journal = await Journal.open(dir, { logger: silentLogger(), ...(segmentBytes ? { segmentBytes } : {}) });
  const store = new JournalEventStore(journal, silentLogger(), { lingerMs: 0, ...o });
  await store.open();
  return {
    store,
    journal,
    async close() {
      await store.close();
      await journal.close();
    },
  };
}

test('dedupe table: same id, or a seq at or below the room last seq, is a duplicate', () => {
  const d = new BoundedDedupe(3);
  const e = (id: string, room: string, seq: number) => ({ id, room, seq });
  const cases: [ReturnType<typeof e>, boolean][] = [
    [e('a', '101', 1), false],
    [e('a', '101', 1), true],
    [e('b', '101', 1), true],
    [e('a', '101', 5), true],
    [e('c', '102', 1), false],
    [e('d', '101', 2), false],
    [e('f', '101', 3), false],
    // 'a' fell out of the 3 remembered ids: only the seq rule is left for it
    [e('a', '101', 9), false],
    [e('a', '101', 3), true],
  ];
  for (const [event, duplicate] of cases) {
    assert.equal(d.isDuplicate(event), duplicate, JSON.stringify(event));
    if (!duplicate) d.remember(event);
  }
  assert.equal(d.idCount(), 3);
  assert.equal(d.firstSeq('101'), 1);
});

test('records once; same id or a seq at or below the last one is a duplicate', async () => {
  const s = await openStore(join(root, `e${++n}`));
  const first = called('101', 1);
  const cases: [RoomEvent, string][] = [
    [first, 'recorded'],
    [first, 'duplicate'],
    [called('101', 1), 'duplicate'],
    [called('101', 2), 'recorded'],
    [{ ...first, seq: 5 }, 'duplicate'],
    [called('102', 1), 'recorded'],
    [called('101', 7), 'recorded'],
    [called('101', 3), 'duplicate'],
  ];
  for (const [event, expected] of cases) assert.equal(await appendDurably(s.store, event, 1), expected);
  assert.deepEqual(
    s.store.eventsAfter('101', 0).map((e) => e.seq),
    [1, 2, 7],
  );
  assert.deepEqual(
    s.store.eventsAfter('101', 1).map((e) => e.seq),
    [2, 7],
  );
  assert.equal(s.journal.lastSeq(), 4);
  await s.close();
});

test('storedEventJson: the payload text with receivedAt, or undefined when it is not one object on one line', () => {
  const cases: [string, string | undefined][] = [
    ['{"id":"a","seq":1}', '{"id":"a","seq":1,"receivedAt":9}'],
    [' {"id":"a" } \t', '{"id":"a","receivedAt":9}'],
    ['{}', undefined],
    ['{ }', undefined],
    ['[1]', undefined],
    ['{"id":\n"a"}', undefined],
    ['\ufeff{"id":"a"}', '{"id":"a","receivedAt":9}'], // trim() takes a byte order mark off too
  ];
  for (const [payload, expected] of cases) assert.equal(storedEventJson(payload, 9), expected, JSON.stringify(payload));
});

test("the device's payload text is recorded as it is, with receivedAt; replay and history give the event", async () => {
  const dir = join(root, `e${++n}`);
  const s = await openStore(dir);
  const event = called('301', 1);
  const payload = ` { "seq": 1, "room": "301", "type": "service.called", "id": "${event.id}", "at": ${event.at}, "data": {} }`;
  await s.store.append(event, 77, payload).durable;
  const second = called('301', 2);
  await s.store.append(second, 78, '{"not":\n"one line"}').durable; // serialised from the event instead
  assert.deepEqual(s.store.eventsAfter('301', 0), [
    { ...event, receivedAt: 77 },
    { ...second, receivedAt: 78 },
  ]);
  const raw = await readFile(join(dir, '00000001.ndjson'), 'utf8');
  assert.ok(raw.includes(`"data":${payload.trim().slice(0, -1).trimEnd()},"receivedAt":77}`), raw);
  await s.close();
  const again = await openStore(dir);
  assert.deepEqual(again.store.eventsAfter('301', 0), [
    { ...event, receivedAt: 77 },
    { ...second, receivedAt: 78 },
  ]);
  assert.equal(await appendDurably(again.store, event, 79), 'duplicate');
  await again.close();
});

test('concurrent appends are all durable and each recorded once', async () => {
  const s = await openStore(join(root, `e${++n}`));
  const events = Array.from({ length: 50 }, (_, i) => called('201', i + 1));
  const results = await Promise.all([...events, ...events].map((e) => appendDurably(s.store, e, 2)));
  assert.equal(results.filter((r) => r === 'recorded').length, 50);
  assert.equal(s.journal.durableSeq(), 50);
  await s.close();
});

test('restart rebuilds the dedupe state from the journal (with and without a snapshot)', async () => {
  for (const snapshotEvery of [1_000_000, 2]) {
    const dir = join(root, `e${++n}`);
    const a = await openStore(dir, { snapshotEvery });
    const e1 = called('301', 1);
    await appendDurably(a.store, e1, 3);
    await appendDurably(a.store, called('301', 2), 3);
    await appendDurably(a.store, called('302', 1), 3);
    // a crash: the journal is closed but the store writes no closing snapshot
    await a.journal.close();
    const b = await openStore(dir, { snapshotEvery });
    assert.equal(b.store.lastSeq('301'), 2);
    assert.equal(b.store.lastSeq('302'), 1);
    assert.equal(await appendDurably(b.store, e1, 4), 'duplicate');
    assert.equal(await appendDurably(b.store, called('301', 3), 4), 'recorded');
    assert.deepEqual(
      b.store.eventsAfter('301', 0).map((e) => [e.seq, e.receivedAt]),
      [
        [1, 3],
        [2, 3],
        [3, 4],
      ],
    );
    await b.close();
  }
});

test('memory stays bounded; older events are read back from the journal, in order, each once', async () => {
  const dir = join(root, `e${++n}`);
  const o = { recentPerRoom: 20, recentIds: 50, snapshotEvery: 100 };
  const a = await openStore(dir, o, 4096);
  const rooms = ['101', '102', '103'];
  for (let seq = 1; seq <= 200; seq += 1) {
    await Promise.all(rooms.map((room) => appendDurably(a.store, called(room, seq), seq)));
  }
  const { ids, events } = a.store.footprint();
  assert.ok(ids <= 50, `ids ${ids}`);
  assert.ok(events <= 3 * 25, `events ${events}`);
  const seqs = (room: string, after: number) => a.store.eventsAfter(room, after).map((e) => e.seq);
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  assert.deepEqual(seqs('102', 0), range(1, 200));
  assert.deepEqual(seqs('101', 150), range(151, 200));
  assert.deepEqual(seqs('103', 190), range(191, 200));
  assert.deepEqual(seqs('104', 0), []);
  await a.close();
  const b = await openStore(dir, o, 4096);
  assert.deepEqual(
    b.store.eventsAfter('103', 42).map((e) => e.seq),
    range(43, 200),
  );
  assert.equal(b.store.lastSeq('101'), 200);
  await b.close();
});

test('a legacy events.ndjson is imported once, then renamed', async () => {
  const dir = join(root, `e${++n}`);
  await mkdir(dir, { recursive: true });
  const legacy = join(dir, 'events.ndjson');
  const lines = [called('501', 1), called('501', 2), called('502', 1)].map((e) =>
    JSON.stringify({ ...e, receivedAt: 9 }),
  );
  await writeFile(legacy, `${lines.join('\n')}\nnot json\n`);
  const s = await openStore(join(dir, 'journal'));
  assert.deepEqual(await importLegacyEvents(legacy, s.store, silentLogger()), { imported: 3, skipped: 1 });
  assert.equal(await importLegacyEvents(legacy, s.store, silentLogger()), undefined);
  await writeFile(legacy, `${lines.join('\n')}\n`);
  assert.deepEqual(await importLegacyEvents(legacy, s.store, silentLogger()), { imported: 0, skipped: 0 });
  assert.deepEqual(
    s.store.eventsAfter('501', 0).map((e) => [e.seq, e.receivedAt]),
    [
      [1, 9],
      [2, 9],
    ],
  );
  await s.close();
  await stat(`${legacy}.imported`);
});

test('dedupe forget: a refused event is taken back, its resend is new; others keep their ids', () => {
  const d = new BoundedDedupe(10);
  const e = (id: string, seq: number) => ({ id, room: '101', seq });
  d.remember(e('a', 1));
  d.remember(e('b', 2));
  d.remember(e('c', 3));
  d.forget(e('b', 2));
  d.forget(e('c', 3));
  assert.equal(d.lastSeq('101'), 1);
  assert.equal(d.isDuplicate(e('b', 2)), false);
  assert.equal(d.isDuplicate(e('c', 3)), false);
  assert.equal(d.isDuplicate(e('a', 1)), true);
  d.forget(e('a', 1));
  assert.equal(d.lastSeq('101'), 0);
  assert.equal(d.firstSeq('101'), undefined);
});

test('a room event the journal refused (disk full) is recorded when the device sends it again', async () => {
  n += 1;
  const dir = join(root, `full-${n}`);
  await mkdir(dir, { recursive: true });
  const disk = new QuotaDisk(dir, 64 * 1024 * 1024);
  const journal = await Journal.open(dir, { logger: silentLogger(), files: disk.files() });
  const store = new JournalEventStore(journal, silentLogger(), { lingerMs: 0, snapshotEvery: 1_000_000 });
  await store.open();
  await appendDurably(store, called('101', 1), 1);
  disk.quotaBytes = await disk.usedBytes(); // not one more byte fits
  // larger than the slack left in the segment file's last 4 KiB block
  const refused: RoomEvent = {
    id: nextId(),
    type: 'agent.started',
    room: '101',
    seq: 2,
    at: 1_700_000_000_002,
    data: { version: 'x'.repeat(6000) },
  };
  const first = store.append(refused, 2);
  assert.equal(first.result, 'recorded');
  await assert.rejects(first.durable, /no space/);
  disk.quotaBytes = 64 * 1024 * 1024; // space is back; the agent resends from its outbox
  const again = store.append(refused, 3);
  assert.equal(again.result, 'recorded', 'the resend is not taken for a duplicate');
  await again.durable;
  assert.deepEqual(
    store.eventsAfter('101', 0).map((x) => x.seq),
    [1, 2],
  );
  const seqs: number[] = [];
  for await (const r of journal.read(1)) seqs.push((r.data as { seq: number }).seq);
  assert.deepEqual(seqs, [1, 2], 'on disk once each');
  await store.close();
  await journal.close();
});
