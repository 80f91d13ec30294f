import { readFileSync } from 'node:fs';
import { mkdir, open as openFile, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../logger.js';
import { readDurableJson, writeDurableJson } from './durable-file.js';
import { JournalCorruptError, JournalError, JournalErrorCodes } from './errors.js';
import { type AppendHandle, type JournalFiles, nodeJournalFiles } from './file-port.js';
import { encodeRecord, encodeRecordJson, type JournalRecord } from './record.js';
import { scanSegment } from './segment-scan.js';

export interface JournalOptions {
  logger: Logger;
  now?: () => number;
  /** A segment is closed and a new one started once it holds at least this many bytes. */
  segmentBytes?: number;
  files?: JournalFiles;
  /** Told when a write failed for lack of space (the batch was refused and cut; appends go on). */
  onNoSpace?: () => void;
}

/** A reader's durable position (e.g. the cloud forwarder's): the last seq it has handled. */
export interface JournalCursor {
  readonly name: string;
  position(): number;
  /** Records that everything up to toSeq is handled; resolves once that is on disk. */
  advance(toSeq: number): Promise<void>;
}

export interface SegmentInfo {
  file: string;
  firstSeq: number;
  /** firstSeq - 1 for an empty segment. */
  lastSeq: number;
  bytes: number;
  /** 0, +1 each time the (closed) segment was rewritten (rewriteSegment): byte offsets into it are stale. */
  generation: number;
}

export const DEFAULT_SEGMENT_BYTES = 8 * 1024 * 1024;
const SEGMENT_NAME = /^(\d{8,})\.ndjson$/;
const DOC_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/i;

export function segmentFileName(firstSeq: number): string {
  return `${String(firstSeq).padStart(8, '0')}.ndjson`;
}

/** Per append: how long it may wait for company before its write and fdatasync. */
export interface AppendOptions {
  /**
   * 0 (the default, and the only right value for anything that changes money): written at once.
   * Above 0 the record may wait up to this long, unless something else is written first or
   * LINGER_FLUSH_BYTES are waiting: fewer fdatasyncs, fewer pages rewritten on the SD card.
   */
  lingerMs?: number;
}

/** Lingering records are written as soon as this many bytes wait (about one page). */
export const LINGER_FLUSH_BYTES = 4096;

interface Pending {
  text: string;
  firstSeq: number;
  lastSeq: number;
  records: JournalRecord[];
  resolve: (records: JournalRecord[]) => void;
  reject: (e: Error) => void;
}

interface ActiveSegment {
  firstSeq: number;
  handle: AppendHandle;
  /** Bytes written and fdatasync'd: readers never look past them. */
  durableBytes: number;
}

/**
 * The gateway's durable journal (DATA/journal): append-only segment files `00000001.ndjson`, ...
 * (named by their first seq) of checksummed NDJSON records. Appends are group-committed: every
 * append waiting while a write is under way goes out in the next single write followed by one
 * fdatasync, and each resolves only after that. Open cuts a torn last write of the last segment
 * (with a log line naming the file and the bytes cut) and refuses a corrupt record followed by good
 * ones (JournalCorruptError with file and offset); read() checks every record it returns the same
 * way. Snapshots and cursors are small documents replaced atomically (temp file, fsync, rename,
 * fsync the folder).
 */
export class Journal {
  private readonly segmentFirstSeqs: number[];
  private active: ActiveSegment | undefined;
  private assignedSeq: number;
  private syncedSeq: number;
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;
  /** A write is wanted now (something not lingering, a full page, a deadline, a snapshot, close). */
  private due = false;
  private queuedBytes = 0;
  private lingerTimer: NodeJS.Timeout | undefined;
  private failed: Error | undefined;
  private closed = false;
  private readonly now: () => number;
  private readonly segmentBytes: number;
  private readonly files: JournalFiles;
  private readonly cursors = new Map<string, JournalCursor>();
  private readonly generations = new Map<number, number>();
  private readonly onNoSpace: (() => void) | undefined;

  private constructor(
    readonly dir: string,
    private readonly logger: Logger,
    o: JournalOptions,
    segments: number[],
    active: ActiveSegment | undefined,
    lastSeq: number,
  ) {
    this.now = o.now ?? Date.now;
    this.onNoSpace = o.onNoSpace;
    this.segmentBytes = o.segmentBytes ?? DEFAULT_SEGMENT_BYTES;
    this.files = o.files ?? nodeJournalFiles;
    this.segmentFirstSeqs = segments;
    this.active = active;
    this.assignedSeq = lastSeq;
    this.syncedSeq = lastSeq;
  }

  static async open(dir: string, o: JournalOptions): Promise<Journal> {
    const files = o.files ?? nodeJournalFiles;
    await mkdir(join(dir, 'snapshots'), { recursive: true });
    await mkdir(join(dir, 'cursors'), { recursive: true });
    const segments = (await readdir(dir))
      .map((name) => SEGMENT_NAME.exec(name)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    const lastFirst = segments.at(-1);
    if (lastFirst === undefined) return new Journal(dir, o.logger, o, segments, undefined, 0);
    const file = join(dir, segmentFileName(lastFirst));
    const scanned = scanSegment(await readFile(file), file, lastFirst, true, false);
    if (scanned.torn) {
      const handle = await openFile(file, 'r+');
      try {
        await handle.truncate(scanned.validBytes);
        await handle.datasync();
      } finally {
        await handle.close();
      }
      o.logger.warn(
        { file, offset: scanned.torn.offset, bytes: scanned.torn.bytes, reason: scanned.torn.reason },
        'journal torn tail cut',
      );
    }
    const active = { firstSeq: lastFirst, handle: await files.openAppend(file), durableBytes: scanned.validBytes };
    return new Journal(dir, o.logger, o, segments, active, lastFirst + scanned.records.length - 1);
  }

  /** The last seq handed out (its record may still be on its way to the disk). */
  lastSeq(): number {
    return this.assignedSeq;
  }

  /** The last seq that is on disk. */
  durableSeq(): number {
    return this.syncedSeq;
  }

  /** Resolves after fdatasync; concurrent appends share one write and one fdatasync. */
  async append<T>(type: string, data: T, o: AppendOptions = {}): Promise<JournalRecord<T>> {
    const [record] = await this.appendAll([{ type, data }], o);
    return record as JournalRecord<T>;
  }

  /** One durable batch, all or nothing: after a crash either every record of it is there or none. */
  appendAll(items: readonly { type: string; data: unknown }[], o: AppendOptions = {}): Promise<JournalRecord[]> {
    if (this.closed) return Promise.reject(new JournalError(JournalErrorCodes.CLOSED, 'journal is closed'));
    if (this.failed) return Promise.reject(this.failed);
    if (items.length === 0) return Promise.resolve([]);
    const at = this.now();
    const first = this.assignedSeq + 1;
    const records = items.map((item, i) => ({ seq: first + i, type: item.type, at, data: item.data }));
    let text: string;
    try {
      text = records.map((r, i) => encodeRecord(r, i < records.length - 1)).join('');
    } catch (e) {
      return Promise.reject(e);
    }
    this.assignedSeq += records.length;
    return this.enqueue(text, first, records, o);
  }

  /**
   * One record whose data is JSON text already (a device's validated payload): written as it is,
   * not parsed and serialised again. Resolves with its seq once durable. The text must be one
   * JSON value without a line break (a record is one line), else it is refused.
   */
  appendJson(type: string, dataJson: string, o: AppendOptions = {}): Promise<number> {
    if (this.closed) return Promise.reject(new JournalError(JournalErrorCodes.CLOSED, 'journal is closed'));
    if (this.failed) return Promise.reject(this.failed);
    if (dataJson.includes('\n') || dataJson.includes('\r')) {
      return Promise.reject(new JournalError(JournalErrorCodes.BAD_DATA, 'record data must be one line of JSON'));
    }
    const seq = this.assignedSeq + 1;
    const text = encodeRecordJson({ seq, type, at: this.now() }, dataJson);
    this.assignedSeq = seq;
    return this.enqueue(text, seq, [], o).then(() => seq);
  }

  private enqueue(
    text: string,
    firstSeq: number,
    records: JournalRecord[],
    o: AppendOptions,
  ): Promise<JournalRecord[]> {
    const lastSeq = this.assignedSeq;
    return new Promise<JournalRecord[]>((resolve, reject) => {
      this.queue.push({ text, firstSeq, lastSeq, records, resolve, reject });
      this.queuedBytes += text.length;
      const linger = o.lingerMs ?? 0;
      if (linger <= 0 || this.queuedBytes >= LINGER_FLUSH_BYTES) this.flushNow();
      else if (!this.due && !this.lingerTimer) {
        this.lingerTimer = setTimeout(() => {
          this.lingerTimer = undefined;
          this.flushNow();
        }, linger);
      }
    });
  }

  private flushNow(): void {
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
    this.due = true;
    if (!this.flushing) this.flushing = this.flushLoop();
  }

  private async flushLoop(): Promise<void> {
    while (this.queue.length > 0 && this.due) {
      const batch = this.queue;
      this.queue = [];
      this.queuedBytes = 0;
      this.due = false;
      const firstSeq = batch[0]?.firstSeq ?? this.syncedSeq + 1;
      try {
        const data = Buffer.from(batch.map((p) => p.text).join(''), 'utf8');
        const active = await this.segmentFor(firstSeq);
        await active.handle.write(data);
        await active.handle.datasync();
        active.durableBytes += data.length;
        this.syncedSeq = batch.at(-1)?.lastSeq ?? this.syncedSeq;
        for (const p of batch) p.resolve(p.records);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOSPC' && (await this.cutPartialWrite())) {
          // Disk full: this batch and everything queued behind it are refused (not one byte of them
          // stays); later appends are taken again, with the seqs these would have had.
          const err = new JournalError(
            JournalErrorCodes.NO_SPACE,
            `journal write failed: no space left in ${this.dir}`,
          );
          this.logger.error(
            { dir: this.dir, records: this.assignedSeq - this.syncedSeq },
            'journal write refused: disk full',
          );
          for (const p of [...batch, ...this.queue]) p.reject(err);
          this.queue = [];
          this.queuedBytes = 0;
          this.assignedSeq = this.syncedSeq;
          this.onNoSpace?.();
          continue;
        }
        // Memory is now ahead of the disk: refuse everything from here on.
        this.failed = new JournalError(JournalErrorCodes.FAILED, `journal write failed: ${(e as Error).message}`);
        this.logger.error({ err: e, dir: this.dir }, 'journal write failed');
        for (const p of [...batch, ...this.queue]) p.reject(this.failed);
        this.queue = [];
      }
    }
    this.flushing = undefined;
  }

  /** After a failed write: the active segment back to its durable bytes; false when that fails too. */
  private async cutPartialWrite(): Promise<boolean> {
    const active = this.active;
    if (!active?.handle.truncate) return false;
    try {
      await active.handle.truncate(active.durableBytes);
      await active.handle.datasync();
      return true;
    } catch (e) {
      this.logger.error({ err: e, dir: this.dir }, 'journal could not cut a failed write');
      return false;
    }
  }

  /** The segment the next write goes to: a new one when there is none or the current one is full. */
  private async segmentFor(firstSeq: number): Promise<ActiveSegment> {
    const current = this.active;
    if (current && current.durableBytes < this.segmentBytes) return current;
    if (current && current.durableBytes === 0) return current;
    const handle = await this.files.openAppend(join(this.dir, segmentFileName(firstSeq)));
    await this.files.syncDir(this.dir);
    await current?.handle.close();
    this.active = { firstSeq, handle, durableBytes: 0 };
    this.segmentFirstSeqs.push(firstSeq);
    return this.active;
  }

  /** Waits until every record up to seq is on disk. */
  private async untilDurable(seq: number): Promise<void> {
    while (this.syncedSeq < seq) {
      if (this.failed) throw this.failed;
      if (seq > this.assignedSeq) throw new JournalError(JournalErrorCodes.BAD_SEQ, `seq ${seq} was never appended`);
      this.flushNow();
      await this.flushing;
    }
  }

  /**
   * The durable records with seq >= fromSeq, in seq order, across segments, up to the last durable
   * seq when the read started. Every record is checked: a bad one throws JournalCorruptError.
   */
  async *read(fromSeq = 1): AsyncGenerator<JournalRecord> {
    const endSeq = this.syncedSeq;
    const oldest = this.segmentFirstSeqs[0];
    if (oldest !== undefined && fromSeq < oldest && oldest <= endSeq) {
      throw new JournalError(
        JournalErrorCodes.BAD_SEQ,
        `records before seq ${oldest} were deleted; asked from ${fromSeq}`,
      );
    }
    let next = Math.max(1, fromSeq);
    while (next <= endSeq) {
      const index = this.segmentIndexOf(next);
      const firstSeq = this.segmentFirstSeqs[index];
      if (firstSeq === undefined) return;
      const file = join(this.dir, segmentFileName(firstSeq));
      const limit = this.active?.firstSeq === firstSeq ? this.active.durableBytes : undefined;
      const buf = await readFile(file);
      const scanned = scanSegment(limit === undefined ? buf : buf.subarray(0, limit), file, firstSeq, false);
      for (const record of scanned.records) {
        if (record.seq > endSeq) return;
        if (record.seq >= next) yield record;
      }
      const following = this.segmentFirstSeqs[index + 1];
      const segmentEnd = firstSeq + scanned.records.length - 1;
      if (following === undefined) return;
      if (segmentEnd !== following - 1) {
        throw new JournalCorruptError(
          file,
          buf.length,
          `ends at seq ${segmentEnd}, the next segment starts at ${following}`,
        );
      }
      next = Math.max(next, following);
    }
  }

  /**
   * Newest first, synchronously, until `visit` returns false: for a caller that must answer at once
   * about old records (the room-event store's history). Includes records written but not yet
   * fdatasync'd; stops at a torn end. Reads whole segments, so keep it for rare look-ups.
   */
  readBackwardSync(visit: (record: JournalRecord) => boolean): void {
    for (let i = this.segmentFirstSeqs.length - 1; i >= 0; i -= 1) {
      const firstSeq = this.segmentFirstSeqs[i] ?? 0;
      const file = join(this.dir, segmentFileName(firstSeq));
      const isLast = i === this.segmentFirstSeqs.length - 1;
      const { records } = scanSegment(readFileSync(file), file, firstSeq, isLast);
      for (let k = records.length - 1; k >= 0; k -= 1) {
        const record = records[k];
        if (record && !visit(record)) return;
      }
    }
  }

  private segmentIndexOf(seq: number): number {
    let found = 0;
    for (let i = 0; i < this.segmentFirstSeqs.length; i += 1) {
      if ((this.segmentFirstSeqs[i] ?? 0) <= seq) found = i;
    }
    return found;
  }

  /** Saves state as of atSeq (after that record is durable): start-up = snapshot + read(atSeq + 1). */
  async writeSnapshot(name: string, atSeq: number, state: unknown): Promise<void> {
    checkName(name);
    if (!Number.isSafeInteger(atSeq) || atSeq < 0 || atSeq > this.assignedSeq) {
      throw new JournalError(JournalErrorCodes.BAD_SEQ, `snapshot at seq ${atSeq}, journal is at ${this.assignedSeq}`);
    }
    await this.untilDurable(atSeq);
    await writeDurableJson(this.files, join(this.dir, 'snapshots', `${name}.json`), { atSeq, state });
  }

  async readSnapshot(name: string): Promise<{ atSeq: number; state: unknown } | undefined> {
    checkName(name);
    const file = join(this.dir, 'snapshots', `${name}.json`);
    const doc = await readDurableJson(file);
    if (doc === undefined) return undefined;
    const { atSeq, state } = doc as { atSeq?: unknown; state?: unknown };
    if (typeof atSeq !== 'number' || !Number.isSafeInteger(atSeq) || atSeq > this.syncedSeq) {
      throw new JournalError(
        JournalErrorCodes.CORRUPT,
        `snapshot ${file} is at seq ${String(atSeq)}, the journal ends at ${this.syncedSeq}`,
      );
    }
    return { atSeq, state };
  }

  /** A named durable position; the same object for the same name. */
  async cursor(name: string): Promise<JournalCursor> {
    checkName(name);
    const existing = this.cursors.get(name);
    if (existing) return existing;
    const file = join(this.dir, 'cursors', `${name}.json`);
    const doc = await readDurableJson(file);
    const stored = (doc as { position?: unknown } | undefined)?.position;
    let position = typeof stored === 'number' && Number.isSafeInteger(stored) ? stored : 0;
    let writing: Promise<void> = Promise.resolve();
    const cursor: JournalCursor = {
      name,
      position: () => position,
      advance: (toSeq) => {
        if (!Number.isSafeInteger(toSeq) || toSeq < position || toSeq > this.syncedSeq) {
          return Promise.reject(
            new JournalError(
              JournalErrorCodes.BAD_SEQ,
              `cursor ${name} cannot move from ${position} to ${toSeq} (durable up to ${this.syncedSeq})`,
            ),
          );
        }
        position = toSeq;
        writing = writing.catch(() => undefined).then(() => writeDurableJson(this.files, file, { position: toSeq }));
        return writing;
      },
    };
    this.cursors.set(name, cursor);
    return cursor;
  }

  /** The segment files, oldest first (for retention and forwarding). */
  async segments(): Promise<SegmentInfo[]> {
    const out: SegmentInfo[] = [];
    for (let i = 0; i < this.segmentFirstSeqs.length; i += 1) {
      const firstSeq = this.segmentFirstSeqs[i] ?? 0;
      const following = this.segmentFirstSeqs[i + 1];
      const file = join(this.dir, segmentFileName(firstSeq));
      const bytes = (await stat(file)).size;
      const lastSeq = following === undefined ? this.syncedSeq : following - 1;
      out.push({ file, firstSeq, lastSeq, bytes, generation: this.generations.get(firstSeq) ?? 0 });
    }
    return out;
  }

  /**
   * Replaces a closed segment (never the one being written) with `data`, which must hold the very
   * same seqs (checked): temp file, fsync, rename, fsync the folder. For retention's coalescing.
   */
  async rewriteSegment(firstSeq: number, data: Buffer): Promise<void> {
    const index = this.segmentFirstSeqs.indexOf(firstSeq);
    const following = this.segmentFirstSeqs[index + 1];
    if (index < 0 || following === undefined) {
      throw new JournalError(JournalErrorCodes.BAD_SEQ, `segment ${firstSeq} is not a closed segment`);
    }
    const file = join(this.dir, segmentFileName(firstSeq));
    const scanned = scanSegment(data, file, firstSeq, false, false);
    if (scanned.records.length !== following - firstSeq) {
      throw new JournalError(JournalErrorCodes.BAD_SEQ, `rewrite of ${file} holds ${scanned.records.length} records`);
    }
    const temp = join(this.dir, `.${segmentFileName(firstSeq)}.tmp`);
    const handle = await openFile(temp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } catch (e) {
      await handle.close();
      await unlink(temp).catch(() => undefined);
      throw e;
    }
    await handle.close();
    await rename(temp, file);
    await this.files.syncDir(this.dir);
    this.generations.set(firstSeq, (this.generations.get(firstSeq) ?? 0) + 1);
  }

  /** Deletes the segments whose every record has seq < beforeSeq (never the segment being written). */
  async deleteSegmentsBefore(beforeSeq: number): Promise<string[]> {
    const deleted: string[] = [];
    while (this.segmentFirstSeqs.length > 1) {
      const first = this.segmentFirstSeqs[0] ?? 0;
      const following = this.segmentFirstSeqs[1] ?? 0;
      if (following - 1 >= beforeSeq) break;
      const file = join(this.dir, segmentFileName(first));
      this.segmentFirstSeqs.shift();
      await unlink(file);
      deleted.push(file);
    }
    if (deleted.length > 0) {
      await this.files.syncDir(this.dir);
      this.logger.info({ dir: this.dir, files: deleted.length, beforeSeq }, 'journal segments deleted');
    }
    return deleted;
  }

  /** Waits for pending appends, then closes the file; later appends are refused. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.queue.length > 0) this.flushNow();
    await this.flushing;
    await this.active?.handle.close();
    this.active = undefined;
  }
}

function checkName(name: string): void {
  if (!DOC_NAME.test(name)) throw new JournalError(JournalErrorCodes.BAD_NAME, `bad snapshot or cursor name: ${name}`);
}
