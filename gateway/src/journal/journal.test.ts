import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import { silentLogger } from '../logger.js';
import { JournalCorruptError } from './errors.js';
import type { AppendHandle, JournalFiles } from './file-port.js';
import { nodeJournalFiles } from './file-port.js';
import { Journal, LINGER_FLUSH_BYTES } from './journal.js';
import { encodeRecord, type JournalRecord } from './record.js';

let root: string;
let n = 0;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'ktv-journal-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});
const freshDir = () => join(root, `j${++n}`);

/** A logger that remembers its lines. */
function recordingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

async function all(journal: Journal, from = 1): Promise<JournalRecord[]> {
  const out: JournalRecord[] = [];
  for await (const r of journal.read(from)) out.push(r);
  return out;
}

/** The node file port, counting writes and fdatasyncs. */
function countingFiles() {
  const counts = { writes: 0, syncs: 0 };
  const files: JournalFiles = {
    async openAppend(path) {
      const inner = await nodeJournalFiles.openAppend(path);
      const handle: AppendHandle = {
        write: (data) => {
          counts.writes += 1;
          return inner.write(data);
        },
        datasync: () => {
          counts.syncs += 1;
          return inner.datasync();
        },
        close: () => inner.close(),
      };
      return handle;
    },
    syncDir: (path) => nodeJournalFiles.syncDir(path),
  };
  return { files, counts };
}

test('append then replay, across segments and a reopen', async () => {
  const dir = freshDir();
  let clock = 1000;
  const a = await Journal.open(dir, { logger: silentLogger(), now: () => clock++, segmentBytes: 300 });
  for (let i = 1; i <= 20; i += 1) {
    const r = await a.append('order.added', { i, item: '青岛啤酒', fen: 1500 });
    assert.equal(r.seq, i);
  }
  assert.equal(a.lastSeq(), 20);
  assert.deepEqual(
    (await all(a)).map((r) => r.seq),
    Array.from({ length: 20 }, (_, i) => i + 1),
  );
  await a.close();
  const segments = (await readdir(dir)).filter((f) => f.endsWith('.ndjson'));
  assert.ok(segments.length > 3, `several segments, got ${segments.join(',')}`);
  assert.equal(segments[0], '00000001.ndjson');
  const b = await Journal.open(dir, { logger: silentLogger(), segmentBytes: 300 });
  assert.equal(b.lastSeq(), 20);
  const replayed = await all(b, 7);
  assert.deepEqual(
    replayed.map((r) => r.seq),
    Array.from({ length: 14 }, (_, i) => i + 7),
  );
  assert.deepEqual(replayed[0], { seq: 7, type: 'order.added', at: 1006, data: { i: 7, item: '青岛啤酒', fen: 1500 } });
  assert.equal((await b.append('x', null)).seq, 21);
  await b.close();
});

test('appendJson: JSON text is written as it is, read back as data; a line break is refused', async () => {
  const dir = freshDir();
  const j = await Journal.open(dir, { logger: silentLogger(), now: () => 42 });
  assert.equal(await j.appendJson('room.event', '{"id":"a", "seq":1}'), 1);
  await assert.rejects(j.appendJson('room.event', '{"id":\n"b"}'), { code: 'KTV_E_JOURNAL_BAD_DATA' });
  await assert.rejects(j.appendJson('room.event', '{"id":"c"}\r'), { code: 'KTV_E_JOURNAL_BAD_DATA' });
  assert.equal((await j.append('order.added', { fen: 1 })).seq, 2, 'a refused text takes no seq');
  assert.deepEqual(await all(j), [
    { seq: 1, type: 'room.event', at: 42, data: { id: 'a', seq: 1 } },
    { seq: 2, type: 'order.added', at: 42, data: { fen: 1 } },
  ]);
  await j.close();
});

test('group commit: 500 concurrent appends share a few fdatasyncs', async () => {
  const dir = freshDir();
  const { files, counts } = countingFiles();
  const j = await Journal.open(dir, { logger: silentLogger(), files });
  const records = await Promise.all(Array.from({ length: 500 }, (_, i) => j.append('money', { i })));
  assert.deepEqual(
    records.map((r) => r.seq),
    Array.from({ length: 500 }, (_, i) => i + 1),
  );
  assert.ok(counts.syncs <= 3, `syncs ${counts.syncs}`);
  assert.equal(counts.writes, counts.syncs);
  await j.close();
});

test('a torn last write is cut with a log line naming the file and the bytes', async () => {
  const dir = freshDir();
  const a = await Journal.open(dir, { logger: silentLogger() });
  await a.append('a', 1);
  await a.append('b', 2);
  await a.close();
  const file = join(dir, '00000001.ndjson');
  const good = await readFile(file);
  await appendFile(file, '{"seq":3,"type":"c","at":1,"da');
  const { logger, lines } = recordingLogger();
  const b = await Journal.open(dir, { logger });
  const cut = lines.find((l) => l.msg === 'journal torn tail cut');
  assert.ok(cut);
  assert.equal(cut.file, file);
  assert.equal(cut.bytes, 30);
  assert.equal(cut.offset, good.length);
  assert.equal(b.lastSeq(), 2);
  assert.equal((await b.append('c', 3)).seq, 3);
  await b.close();
  assert.equal((await readFile(file, 'utf8')).trim().split('\n').length, 3);
});

test('a corrupt record followed by good ones stops the open with file and offset', async () => {
  const dir = freshDir();
  const a = await Journal.open(dir, { logger: silentLogger() });
  for (let i = 0; i < 3; i += 1) await a.append('order.added', { fen: 100 });
  await a.close();
  const file = join(dir, '00000001.ndjson');
  const text = await readFile(file, 'utf8');
  const second = text.indexOf('\n') + 1;
  await writeFile(file, text.slice(0, second) + text.slice(second).replace('100', '900'));
  await assert.rejects(Journal.open(dir, { logger: silentLogger() }), (e: unknown) => {
    assert.ok(e instanceof JournalCorruptError);
    assert.equal(e.file, file);
    assert.equal(e.offset, second);
    assert.equal(e.code, 'KTV_E_JOURNAL_CORRUPT');
    return true;
  });
});

/** A small pure state machine over money records: the kind of state the journal rebuilds. */
function applyMoney(state: Record<string, number>, record: JournalRecord): Record<string, number> {
  const { room, fen } = record.data as { room: string; fen: number };
  return { ...state, [room]: (state[room] ?? 0) + (record.type === 'order.voided' ? -fen : fen) };
}

test('snapshot + replay after it equals a full replay', async () => {
  const dir = freshDir();
  const a = await Journal.open(dir, { logger: silentLogger(), segmentBytes: 2048 });
  let live: Record<string, number> = {};
  for (let i = 0; i < 300; i += 1) {
    const type = i % 7 === 3 ? 'order.voided' : 'order.added';
    const r = await a.append(type, { room: `${101 + (i % 5)}`, fen: 100 + i });
    live = applyMoney(live, r);
    if (i === 180) await a.writeSnapshot('money', r.seq, live);
  }
  await a.close();
  const b = await Journal.open(dir, { logger: silentLogger(), segmentBytes: 2048 });
  let full: Record<string, number> = {};
  for await (const r of b.read(1)) full = applyMoney(full, r);
  const snapshot = await b.readSnapshot('money');
  assert.ok(snapshot);
  assert.equal(snapshot.atSeq, 181);
  let fast = snapshot.state as Record<string, number>;
  let replayed = 0;
  for await (const r of b.read(snapshot.atSeq + 1)) {
    fast = applyMoney(fast, r);
    replayed += 1;
  }
  assert.equal(replayed, 119);
  assert.deepEqual(fast, full);
  assert.deepEqual(full, live);
  assert.equal(await b.readSnapshot('nothing-yet'), undefined);
  await assert.rejects(b.writeSnapshot('../evil', 1, {}), { code: 'KTV_E_JOURNAL_BAD_NAME' });
  await assert.rejects(b.writeSnapshot('ahead', 301, {}), { code: 'KTV_E_JOURNAL_BAD_SEQ' });
  await b.close();
});

test('a snapshot waits until its seq is durable', async () => {
  const j = await Journal.open(freshDir(), { logger: silentLogger() });
  const pending = j.append('order.added', { fen: 1 });
  assert.equal(j.durableSeq(), 0);
  await j.writeSnapshot('s', 1, { fen: 1 });
  assert.equal(j.durableSeq(), 1);
  await pending;
  await j.close();
});

test('a cursor keeps its position across a reopen and never passes the durable end', async () => {
  const dir = freshDir();
  const a = await Journal.open(dir, { logger: silentLogger() });
  await a.appendAll([1, 2, 3, 4, 5].map((i) => ({ type: 'order.added', data: { i } })));
  const cloud = await a.cursor('cloud');
  assert.equal(cloud.position(), 0);
  await cloud.advance(3);
  assert.equal(await a.cursor('cloud'), cloud);
  await assert.rejects(cloud.advance(2), { code: 'KTV_E_JOURNAL_BAD_SEQ' });
  await assert.rejects(cloud.advance(6), { code: 'KTV_E_JOURNAL_BAD_SEQ' });
  await a.close();
  const b = await Journal.open(dir, { logger: silentLogger() });
  const again = await b.cursor('cloud');
  assert.equal(again.position(), 3);
  const next: number[] = [];
  for await (const r of b.read(again.position() + 1)) next.push(r.seq);
  assert.deepEqual(next, [4, 5]);
  assert.equal((await b.cursor('other')).position(), 0);
  await b.close();
});

test('appendAll is one batch: consecutive seqs, one write, one fdatasync', async () => {
  const { files, counts } = countingFiles();
  const j = await Journal.open(freshDir(), { logger: silentLogger(), files });
  const records = await j.appendAll([
    { type: 'session.closed', data: { room: '101' } },
    { type: 'bill.settled', data: { room: '101', fen: 12800 } },
  ]);
  assert.deepEqual(
    records.map((r) => [r.seq, r.type]),
    [
      [1, 'session.closed'],
      [2, 'bill.settled'],
    ],
  );
  assert.deepEqual(counts, { writes: 1, syncs: 1 });
  assert.deepEqual(await j.appendAll([]), []);
  await assert.rejects(j.append('bad', { n: 1n }), TypeError);
  assert.equal((await j.append('ok', 1)).seq, 3);
  await j.close();
  await assert.rejects(j.append('late', 1), { code: 'KTV_E_JOURNAL_CLOSED' });
});

test('a failed write refuses every later append', async () => {
  const files: JournalFiles = {
    async openAppend(path) {
      const inner = await nodeJournalFiles.openAppend(path);
      return { ...inner, datasync: () => Promise.reject(new Error('EIO')), close: () => inner.close() };
    },
    syncDir: (path) => nodeJournalFiles.syncDir(path),
  };
  const j = await Journal.open(freshDir(), { logger: silentLogger(), files });
  await assert.rejects(j.append('a', 1), { code: 'KTV_E_JOURNAL_FAILED' });
  await assert.rejects(j.append('b', 2), { code: 'KTV_E_JOURNAL_FAILED' });
  await j.close();
});

test('segments are listed and deleted only when fully before a seq', async () => {
  const dir = freshDir();
  const j = await Journal.open(dir, { logger: silentLogger(), segmentBytes: 500 });
  for (let i = 0; i < 30; i += 1) await j.append('order.added', { i, pad: 'x'.repeat(40) });
  const segments = await j.segments();
  assert.ok(segments.length >= 4);
  assert.equal(segments[0]?.firstSeq, 1);
  assert.equal(segments.at(-1)?.lastSeq, 30);
  for (let i = 1; i < segments.length; i += 1) assert.equal(segments[i]?.firstSeq, (segments[i - 1]?.lastSeq ?? 0) + 1);
  const second = segments[1];
  assert.ok(second);
  const deleted = await j.deleteSegmentsBefore(second.lastSeq);
  assert.deepEqual(deleted, [segments[0]?.file]);
  await assert.rejects(
    async () => {
      for await (const _ of j.read(1)) break;
    },
    { code: 'KTV_E_JOURNAL_BAD_SEQ' },
  );
  const rest: number[] = [];
  for await (const r of j.read(second.firstSeq)) rest.push(r.seq);
  assert.equal(rest.length, 30 - second.firstSeq + 1);
  assert.deepEqual(
    await j.deleteSegmentsBefore(1_000),
    (await Promise.resolve(segments.slice(1, -1))).map((s) => s.file),
  );
  assert.equal((await j.segments()).length, 1);
  await j.close();
});

test('a segment file gone from the middle stops the replay at the gap', async () => {
  const dir = freshDir();
  const a = await Journal.open(dir, { logger: silentLogger(), segmentBytes: 400 });
  for (let i = 0; i < 20; i += 1) await a.append('order.added', { i, pad: 'x'.repeat(40) });
  const segments = await a.segments();
  await a.close();
  const [first, second] = segments;
  assert.ok(first && second && segments.length >= 3);
  await rm(second.file);
  const b = await Journal.open(dir, { logger: silentLogger(), segmentBytes: 400 });
  await assert.rejects(
    async () => {
      for await (const _ of b.read(1)) {
      }
    },
    (e: unknown) => e instanceof JournalCorruptError && e.file === first.file,
  );
  await b.close();
});

test('lingering appends wait for company, a deadline, a full page or close', async () => {
  const { files, counts } = countingFiles();
  const j = await Journal.open(freshDir(), { logger: silentLogger(), files });
  // alone: written at its deadline
  const alone = j.append('room.event', { n: 1 }, { lingerMs: 30 });
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(j.durableSeq(), 0);
  await alone;
  assert.deepEqual(counts, { writes: 1, syncs: 1 });
  // money takes the lingering records along, in one fdatasync
  const lingering = [2, 3, 4].map((n) => j.append('room.event', { n }, { lingerMs: 60_000 }));
  await j.append('order.added', { fen: 1500 });
  await Promise.all(lingering);
  assert.deepEqual(counts, { writes: 2, syncs: 2 });
  // a page's worth does not wait: the record that fills it sends all of them
  const pad = 'x'.repeat(400);
  const size = encodeRecord({ seq: 10, type: 'room.event', at: Date.now(), data: { n: 10, pad } }).length;
  const count = Math.ceil(LINGER_FLUSH_BYTES / size);
  const page = Array.from({ length: count }, (_, n) =>
    j.append('room.event', { n: 10 + n, pad }, { lingerMs: 60_000 }),
  );
  await Promise.all(page);
  assert.equal(counts.syncs, 3);
  // a snapshot and close do not wait either
  const last = j.append('room.event', { n: 'last' }, { lingerMs: 60_000 });
  await j.writeSnapshot('s', j.lastSeq(), {});
  await last;
  const closing = j.append('room.event', { n: 'closing' }, { lingerMs: 60_000 });
  await j.close();
  assert.equal((await closing).seq, j.lastSeq());
  assert.equal(j.durableSeq(), j.lastSeq());
});
