import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { Outbox } from './outbox.js';

const child = fileURLToPath(new URL('./crash-child.js', import.meta.url));

/** Runs the child until it reported `count` resolved records, then SIGKILLs it mid-stream. */
async function recordThenKill(dir: string, count: number): Promise<Map<number, string>> {
  const proc = spawn(process.execPath, [child, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const resolved = new Map<number, string>();
  const lines = createInterface({ input: proc.stdout });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.on('exit', (_code, signal) => resolve(signal)));
  for await (const line of lines) {
    const [seq, id] = line.split(' ');
    resolved.set(Number(seq), id as string);
    if (resolved.size === count) proc.kill('SIGKILL');
  }
  assert.equal(await exited, 'SIGKILL');
  return resolved;
}

it('kill -9 mid-stream: every resolved record survives, seq never repeats', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ktv-outbox-kill-'));
  try {
    const seen = new Map<number, string>();
    for (let round = 0; round < 3; round++) {
      const resolved = await recordThenKill(dir, 150 + round * 37);
      const outbox = await Outbox.open({ dir, roomId: '101', logger: pino({ level: 'silent' }) });
      try {
        const pending = new Map(outbox.pending().map((e) => [e.seq, e.id]));
        for (const [seq, id] of resolved) {
          assert.ok(!seen.has(seq), `seq ${seq} was used before the restart`);
          seen.set(seq, id);
          // Acked events (seq % 7 === 0 acks seq - 3) may be gone; every other one must be there.
          if (pending.has(seq)) assert.equal(pending.get(seq), id, `seq ${seq} changed its id`);
        }
        const maxResolved = Math.max(...resolved.keys());
        for (const [seq] of resolved) {
          const mayBeAcked = (seq + 3) % 7 === 0; // the child acks seq - 3 after each seq % 7 === 0
          if (!mayBeAcked) assert.ok(pending.has(seq), `resolved seq ${seq} is missing after kill -9`);
        }
        assert.ok(outbox.lastSeq >= maxResolved);
      } finally {
        await outbox.close();
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
