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
import { Journal } from './journal.js';
import type { JournalRecord } from './record.js';

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
