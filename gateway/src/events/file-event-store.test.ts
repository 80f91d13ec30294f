import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createIdFactory, type RoomEvent } from '@ktv/protocol';
import { pino } from 'pino';
import { FileEventStore } from './file-event-store.js';

const nextId = createIdFactory();
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ktv-events-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function called(room: string, seq: number, id = nextId()): RoomEvent {
  return { id, type: 'service.called', room, seq, at: 1_700_000_000_000 + seq, data: {} };
}

/** Appends and waits until the event (or the original it duplicates) is durable. */
async function appendDurably(store: FileEventStore, event: RoomEvent, receivedAt: number) {
  const { result, durable } = store.append(event, receivedAt);
  await durable;
  return result;
}

/** A logger that remembers its messages. */
function recordingLogger(): { logger: pino.Logger; messages: string[] } {
  const messages: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => messages.push(JSON.parse(line).msg) });
  return { logger, messages };
}

async function openStore(file: string) {
  const { logger, messages } = recordingLogger();
  const store = new FileEventStore(file, logger);
  await store.open();
  return { store, messages };
}

test('records once; same id or a seq at or below the last one is a duplicate', async () => {
  const file = join(dir, 'dedupe.ndjson');
  const { store } = await openStore(file);
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
  for (const [event, expected] of cases) assert.equal(await appendDurably(store, event, 1), expected);
  assert.deepEqual(
    store.eventsAfter('101', 0).map((e) => e.seq),
    [1, 2, 7],
  );
  assert.deepEqual(
    store.eventsAfter('101', 1).map((e) => e.seq),
    [2, 7],
  );
  await store.close();
  const lines = (await readFile(file, 'utf8')).trim().split('\n');
  assert.equal(lines.length, 4);
});

test('concurrent appends are all durable and each recorded once', async () => {
  const file = join(dir, 'concurrent.ndjson');
  const { store } = await openStore(file);
  const events = Array.from({ length: 50 }, (_, i) => called('201', i + 1));
  const results = await Promise.all([...events, ...events].map((e) => appendDurably(store, e, 2)));
  assert.equal(results.filter((r) => r === 'recorded').length, 50);
  await store.close();
  assert.equal((await readFile(file, 'utf8')).trim().split('\n').length, 50);
});

test('restart rebuilds the dedupe state from the file', async () => {
  const file = join(dir, 'restart.ndjson');
  const a = await openStore(file);
  const e1 = called('301', 1);
  await appendDurably(a.store, e1, 3);
  await appendDurably(a.store, called('301', 2), 3);
  await a.store.close();
  const b = await openStore(file);
  assert.equal(b.store.lastSeq('301'), 2);
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
  await b.store.close();
});

test('a torn last line is cut with a log line and the store keeps working', async () => {
  const file = join(dir, 'torn.ndjson');
  const a = await openStore(file);
  await appendDurably(a.store, called('401', 1), 5);
  await a.store.close();
  const torn = JSON.stringify({ ...called('401', 2), receivedAt: 5 }).slice(0, 40);
  await appendFile(file, torn);
  const b = await openStore(file);
  assert.ok(b.messages.includes('events file torn tail cut'));
  assert.equal(b.store.lastSeq('401'), 1);
  assert.equal(await appendDurably(b.store, called('401', 2), 6), 'recorded');
  await b.store.close();
  const lines = (await readFile(file, 'utf8')).split('\n');
  assert.equal(lines.length, 3);
  assert.equal(lines[2], '');
  for (const line of lines.slice(0, 2)) JSON.parse(line);
});
