import assert from 'node:assert/strict';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Journal } from '../journal/index.js';
import { encodeRecord } from '../journal/record.js';
import { scanSegment } from '../journal/segment-scan.js';
import { silentLogger } from '../logger.js';
import { TailReader } from './tail-reader.js';

const logger = silentLogger();

test('reads every record once, in order, across segments and while records are appended', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ktv-tail-'));
  const journal = await Journal.open(dir, { logger, segmentBytes: 1024 });
  for (let i = 0; i < 60; i += 1) await journal.append('x', { i, pad: 'p'.repeat(i % 7) });
  const reader = new TailReader(journal, 1);
  const seen: number[] = [];
  seen.push(...(await reader.read(25)).map((r) => r.seq));
  await journal.appendAll(Array.from({ length: 40 }, (_, i) => ({ type: 'y', data: { i } })));
  for (;;) {
    const got = await reader.read(7);
    if (got.length === 0) break;
    seen.push(...got.map((r) => r.seq));
  }
  assert.deepEqual(
    seen,
    Array.from({ length: 100 }, (_, i) => i + 1),
  );
  assert.ok((await journal.segments()).length > 3, 'several segments');
  assert.deepEqual(await reader.read(10, 50), [], 'nothing past upTo');
  await journal.close();
  await rm(dir, { recursive: true, force: true });
});

test('a closed segment rewritten shorter under the reader (coalesced telemetry) is read again, nothing skipped', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ktv-tail-rewrite-'));
  const journal = await Journal.open(dir, { logger, segmentBytes: 4096 });
  for (let i = 0; i < 120; i += 1) {
    await journal.append('room.event', { i, type: 'sensor.changed', pad: 'x'.repeat(60) });
  }
  const segments = await journal.segments();
  const target = segments[1];
  assert.ok(target && segments.length > 2);
  const reader = new TailReader(journal, 1);
  const seen: number[] = [];
  // Read into the middle of the second segment.
  while ((seen.at(-1) ?? 0) < target.firstSeq + 5) seen.push(...(await reader.read(3)).map((r) => r.seq));
  // Coalesce most of the second segment: same seqs, far fewer bytes; temp + rename like the disk guard.
  const buf = await readFile(target.file);
  const { records } = scanSegment(buf, target.file, target.firstSeq, false);
  const text = records
    .map((r) => encodeRecord(r.seq % 4 === 0 ? r : { seq: r.seq, type: 'journal.coalesced', at: r.at, data: null }))
    .join('');
  await writeFile(`${target.file}.tmp`, text);
  await rename(`${target.file}.tmp`, target.file);
  for (;;) {
    const got = await reader.read(5);
    if (got.length === 0) break;
    seen.push(...got.map((r) => r.seq));
  }
  assert.deepEqual(
    seen,
    Array.from({ length: 120 }, (_, i) => i + 1),
  );
  await journal.close();
  await rm(dir, { recursive: true, force: true });
});
