/**
 * Crash test for rooms as a business (issue #5): a child process runs a busy evening straight into
 * the gateway's business service (gateway/src/business/testing/busy-evening.ts) and is killed
 * with SIGKILL at random points, at least 20 times. After every restart the recovered state must
 * equal that of an uninterrupted run of the same evening after the last acknowledged operation
 * (or the one after it, whose record may have reached the disk just before the kill), every bill
 * so far included; the run then goes on and must stay equal to the end. Finally a torn tail
 * record is cut, and a corrupted record in the middle stops the start with the file and offset.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import { REPO_ROOT } from '../testkit/paths.js';
import { makeTempDir } from '../testkit/temp.js';

const SCRIPT = join(REPO_ROOT, 'gateway/dist/business/testing/busy-evening.js');
const OPS = 1200;
const KILLS = 24;
const SEED = 20261120;

interface Child {
  proc: ChildProcess;
  next(): Promise<string>;
  exited: Promise<number | string>;
  stderr: string[];
}

/** Every child started, so that a failed or cancelled test leaves none behind. */
const running = new Set<ChildProcess>();

function startChild(dataDir: string, reference: boolean): Child {
  const args = [SCRIPT, '--data', dataDir, '--seed', String(SEED), '--ops', String(OPS), '--snapshot-every', '97'];
  if (reference) args.push('--reference');
  const proc = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  running.add(proc);
  proc.once('exit', () => running.delete(proc));
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  const stderr: string[] = [];
  let closed = false;
  const exited = new Promise<number | string>((resolve) =>
    proc.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const out = createInterface({ input: proc.stdout as NodeJS.ReadableStream });
  out.on('line', (line) => {
    const w = waiting.shift();
    if (w) w(line);
    else lines.push(line);
  });
  out.on('close', () => {
    closed = true;
    for (const w of waiting.splice(0)) w('<eof>');
  });
  createInterface({ input: proc.stderr as NodeJS.ReadableStream }).on('line', (l) => stderr.push(l));
  proc.stdin?.on('error', () => undefined);
  return {
    proc,
    stderr,
    exited,
    next: () => {
      const line = lines.shift();
      if (line !== undefined) return Promise.resolve(line);
      if (closed) return Promise.resolve('<eof>');
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
}

/** A seeded PRNG for the kill points, so that a failing run can be repeated. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('business: kill -9 during a busy evening', { timeout: 180_000 }, () => {
  const temp = makeTempDir('business-crash');
  after(() => {
    for (const proc of running) proc.kill('SIGKILL');
    temp.remove();
  });
  const refState: string[] = [];
  const refFull: string[] = [];
  let emptyState = '';

  /** The state digest after op i (i = -1: before any). */
  const stateAfter = (i: number) => (i < 0 ? emptyState : refState[i]);

  it('an uninterrupted run gives the reference', async () => {
    const child = startChild(join(temp.path, 'reference'), true);
    const first = await child.next();
    emptyState = first.split(' ')[1] ?? '';
    for (;;) {
      const line = await child.next();
      if (line === 'done' || line === '<eof>') break;
      const [, i, s, f] = line.split(' ');
      refState[Number(i)] = s ?? '';
      refFull[Number(i)] = f ?? '';
    }
    assert.equal(await child.exited, 0, child.stderr.join('\n'));
    assert.equal(refState.length, OPS);
  });

  const crashDir = join(temp.path, 'crashed');
  const journalFile = () => {
    const dir = join(crashDir, 'journal');
    const segs = readdirSync(dir)
      .filter((n) => n.endsWith('.ndjson'))
      .sort();
    return join(dir, segs[segs.length - 1] ?? '');
  };

  it(`after each of ${KILLS} SIGKILLs the state and every bill equal the uninterrupted run's`, async () => {
    const random = prng(SEED ^ Date.now());
    let acked = -1;
    let kills = 0;
    let durableBeyondAck = 0;
    for (let round = 0; ; round++) {
      const child = startChild(crashDir, false);
      const recovered = (await child.next()).split(' ')[1];
      let start: number;
      if (recovered === stateAfter(acked)) start = acked + 1;
      else if (recovered === stateAfter(acked + 1)) {
        start = acked + 2;
        durableBeyondAck++;
      } else {
        assert.fail(
          `round ${round}: recovered state after op ${acked} matches neither op ${acked} nor ${acked + 1}\n${child.stderr.join('\n')}`,
        );
      }
      child.proc.stdin?.write(`start ${start}\n`);
      const check = (await child.next()).split(' ')[1];
      if (start > 0)
        assert.equal(check, refFull[start - 1], `round ${round}: bills so far after restart (op ${start - 1})`);
      acked = start - 1;
      const killAt = kills < KILLS ? acked + 1 + Math.floor(random() * (OPS / KILLS)) : Number.POSITIVE_INFINITY;
      let killed = false;
      for (;;) {
        const line = await child.next();
        if (line === 'done' || line === '<eof>') break;
        const [word, i, s, f] = line.split(' ');
        assert.equal(word, 'ack', line);
        const op = Number(i);
        assert.equal(op, acked + 1, 'operations in order');
        assert.equal(s, refState[op], `op ${op}: state`);
        assert.equal(f, refFull[op], `op ${op}: state and bills so far`);
        acked = op;
        if (!killed && op >= killAt) {
          killed = true;
          // Somewhere inside the next operation(s): before, during or after its fdatasync.
          const delay = Math.floor(random() * 4);
          setTimeout(() => child.proc.kill('SIGKILL'), delay);
        }
      }
      const code = await child.exited;
      if (killed) {
        assert.equal(code, 'SIGKILL', child.stderr.join('\n'));
        kills++;
        if (acked < OPS - 1) continue;
      } else {
        assert.equal(code, 0, child.stderr.join('\n'));
      }
      if (acked === OPS - 1) break;
    }
    assert.ok(kills >= 20, `${kills} kills`);
    assert.equal(acked, OPS - 1);
    process.stderr.write(`business crash: ${kills} kills, ${durableBeyondAck} with the in-flight op durable\n`);
  });

  it('cuts a torn tail record with a log line and keeps every acknowledged operation', async () => {
    const file = journalFile();
    appendFileSync(file, '{"seq":999999,"type":"business.order.added","data":{"at":1');
    const child = startChild(crashDir, false);
    const recovered = (await child.next()).split(' ')[1];
    assert.equal(recovered, refState[OPS - 1]);
    child.proc.stdin?.write(`start ${OPS}\n`);
    assert.equal((await child.next()).split(' ')[1], refFull[OPS - 1]);
    assert.equal(await child.next(), 'done');
    assert.equal(await child.exited, 0);
    const cut = child.stderr
      .map((l) => JSON.parse(l) as { msg?: string; file?: string })
      .find((l) => l.msg === 'journal torn tail cut');
    assert.ok(cut, child.stderr.join('\n'));
    assert.equal(cut.file, file);
  });

  it('refuses to start on a corrupted record in the middle, naming the file and the offset', async () => {
    const file = journalFile();
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    const victim = Math.floor(lines.length / 2);
    const offset = Buffer.byteLength(
      lines
        .slice(0, victim)
        .map((l) => `${l}\n`)
        .join(''),
    );
    const line = lines[victim] ?? '';
    // Change one digit of the record's time: still JSON, but no longer what its checksum says.
    const pos = line.indexOf('"at":') + 6;
    const digit = line[pos] === '9' ? '8' : '9';
    lines[victim] = line.slice(0, pos) + digit + line.slice(pos + 1);
    writeFileSync(file, lines.join('\n'));
    const child = startChild(crashDir, false);
    const code = await child.exited;
    assert.equal(code, 1);
    const message = child.stderr.join('\n');
    assert.match(message, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} at byte ${offset}\\b`));
  });
});
