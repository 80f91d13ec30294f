import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../logger.js';
import { Journal } from './journal.js';

const child = fileURLToPath(new URL('./crash-child.js', import.meta.url));
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ktv-journal-crash-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the child until it has acknowledged `acks` appends, kills it with SIGKILL, returns the acks. */
function runAndKill(round: number, acks: number): Promise<Map<number, string>> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, dir, String(round)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const acked = new Map<number, string>();
    let buffered = '';
    let killed = false;
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const [word, seq, key] = line.split(' ');
        if (word === 'ack' && seq && key) acked.set(Number(seq), key);
      }
      if (!killed && acked.size >= acks) {
        killed = true;
        proc.kill('SIGKILL');
      }
    });
    proc.on('error', reject);
    proc.on('close', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child ended by itself (${String(signal)})`));
      else resolve(acked);
    });
  });
}

test('kill -9 while appending: every acknowledged append survives, nothing twice, batches whole', async () => {
  const everAcked = new Map<number, string>();
  for (let round = 1; round <= 12; round += 1) {
    const acks = 1 + Math.floor(Math.random() * 400);
    for (const [seq, key] of await runAndKill(round, acks)) everAcked.set(seq, key);
    const journal = await Journal.open(dir, { logger: silentLogger(), segmentBytes: 16 * 1024 });
    const keys = new Set<string>();
    const batches = new Map<string, number>();
    let expected = 1;
    for await (const record of journal.read(1)) {
      assert.equal(record.seq, expected, 'seqs without gaps');
      expected += 1;
      const data = record.data as { key: string; batch?: string };
      assert.ok(!keys.has(data.key), `${data.key} twice`);
      keys.add(data.key);
      if (data.batch) batches.set(data.batch, (batches.get(data.batch) ?? 0) + 1);
      const acked = everAcked.get(record.seq);
      if (acked !== undefined) assert.equal(acked, data.key, `seq ${record.seq}`);
    }
    assert.equal(journal.lastSeq(), expected - 1);
    for (const [seq, key] of everAcked)
      assert.ok(keys.has(key), `acknowledged ${key} (seq ${seq}) lost in round ${round}`);
    for (const [batch, count] of batches) assert.equal(count, 3, `batch ${batch} has ${count} of 3 records`);
    await journal.close();
  }
  assert.ok(everAcked.size > 12);
});
