import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { inspectTarget, type Refusal, targetRefusal } from './flash-target.js';
import { provisionImage } from './provision.js';

const run = promisify(execFile);
const CHUNK = 4 * 1024 * 1024;
const MIB = 1024 * 1024;

export class FlashRefused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.key);
  }
}

export class VerifyFailed extends Error {
  constructor(
    readonly got: string,
    readonly want: string,
  ) {
    super(`verify failed: ${got} != ${want}`);
  }
}

export interface FlashProgress {
  phase: 'write' | 'verify';
  done: number;
  total: number;
  elapsedMs: number;
}

export interface FlashOptions {
  image: string;
  target: string;
  bundle?: string;
  onProgress?: (p: FlashProgress) => void;
  onPhase?: (phase: 'write' | 'verify' | 'bundle') => void;
  now?: () => number;
}

export interface FlashResult {
  imageBytes: number;
  sha256: string;
  bundle: { deviceId: string; partition: number; name: string } | undefined;
  seconds: number;
}

/** One progress line (pure): a bar, percent, MiB done of total and the rate. */
export function progressBar(
  p: FlashProgress,
  width = 30,
): { bar: string; percent: number; doneMib: number; totalMib: number; rate: string } {
  const fraction = p.total === 0 ? 1 : Math.min(1, p.done / p.total);
  const filled = Math.round(fraction * width);
  const seconds = p.elapsedMs / 1000;
  return {
    bar: `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`,
    percent: Math.floor(fraction * 100),
    doneMib: Math.floor(p.done / MIB),
    totalMib: Math.ceil(p.total / MIB),
    rate: seconds > 0 ? (p.done / MIB / seconds).toFixed(1) : '0.0',
  };
}

async function sha256Of(path: string, bytes: number, progress: (done: number) => void): Promise<string> {
  const hash = createHash('sha256');
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(CHUNK);
    let done = 0;
    while (done < bytes) {
      const { bytesRead } = await handle.read(buf, 0, Math.min(CHUNK, bytes - done), done);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      done += bytesRead;
      progress(done);
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

/**
 * Writes an image to a card (or a plain file), reads it back to verify (SHA-256 of every byte
 * written), then puts the provisioning bundle on its boot partition (read back too). Refuses a
 * mounted target, the system disk, a partition, a read-only or too small card (FlashRefused).
 */
export async function flashImage(options: FlashOptions): Promise<FlashResult> {
  const now = options.now ?? Date.now;
  const started = now();
  const imageBytes = (await stat(options.image)).size;
  const facts = await inspectTarget(options.target, options.image);
  const refusal = targetRefusal(facts, imageBytes);
  if (refusal) throw new FlashRefused(refusal);
  const isFile = facts.kind === 'file' || facts.kind === 'missing';

  options.onPhase?.('write');
  const source = await open(options.image, 'r');
  const target = await open(options.target, isFile ? 'w' : 'r+');
  const hash = createHash('sha256');
  try {
    const buf = Buffer.alloc(CHUNK);
    let done = 0;
    while (done < imageBytes) {
      const { bytesRead } = await source.read(buf, 0, Math.min(CHUNK, imageBytes - done), done);
      if (bytesRead === 0) break;
      const chunk = buf.subarray(0, bytesRead);
      hash.update(chunk);
      await target.write(chunk, 0, bytesRead, done);
      done += bytesRead;
      options.onProgress?.({ phase: 'write', done, total: imageBytes, elapsedMs: now() - started });
    }
    await target.sync();
  } finally {
    await source.close();
    await target.close();
  }
  const want = hash.digest('hex');

  // Read back from the card, not from the page cache.
  if (!isFile) await run('blockdev', ['--flushbufs', options.target]).catch(() => undefined);
  options.onPhase?.('verify');
  const verifyStart = now();
  const got = await sha256Of(options.target, imageBytes, (done) =>
    options.onProgress?.({ phase: 'verify', done, total: imageBytes, elapsedMs: now() - verifyStart }),
  );
  if (got !== want) throw new VerifyFailed(got, want);

  let bundle: FlashResult['bundle'];
  if (options.bundle !== undefined) {
    options.onPhase?.('bundle');
    const r = await provisionImage(options.target, options.bundle);
    bundle = { deviceId: r.deviceId, partition: r.partition, name: r.name };
  }
  return { imageBytes, sha256: want, bundle, seconds: Math.round((now() - started) / 100) / 10 };
}
