import { join } from 'node:path';
import { createIdFactory, type IdFactory, type RoomEvent, type RoomEventInput } from '@ktv/protocol';
import type { Logger } from 'pino';
import { AppendFile } from './append-file.js';
import { encodeRecord } from './records.js';
import { applyRecord, type OutboxImage, replay } from './replay.js';

export interface OutboxOptions {
  /** Directory of the outbox (DATA/outbox). */
  dir: string;
  roomId: string;
  logger: Logger;
  now?: () => number;
  ids?: IdFactory;
  /** Compact when every event is acknowledged and the file is bigger than this. */
  compactBytes?: number;
}

export const OUTBOX_FILE = 'outbox.log';
const DEFAULT_COMPACT_BYTES = 1024 * 1024;

/**
 * The agent's durable outbox. `record` gives an event its ULID and the room's next seq and
 * resolves once the event is on disk; only then does it show in `pending()`. `ack` removes it
 * after the gateway's PUBACK. Seq survives restarts and compaction and is never reused.
 */
export class Outbox {
  private listeners = new Set<() => void>();
  private assignedSeq: number;
  /** Events handed to the file but not yet known to be durable. */
  private writing = new Map<number, RoomEvent>();
  private compacting = false;
  private closed = false;

  private constructor(
    private readonly file: AppendFile,
    private readonly image: OutboxImage,
    private readonly opts: Required<Omit<OutboxOptions, 'dir'>>,
  ) {
    this.assignedSeq = image.lastSeq;
  }

  static async open(options: OutboxOptions): Promise<Outbox> {
    const { file, contents } = await AppendFile.open(join(options.dir, OUTBOX_FILE));
    const result = replay(contents);
    const log = options.logger;
    if (result.tornBytes > 0) {
      log.warn({ path: file.path, tornBytes: result.tornBytes }, 'outbox torn tail cut');
      await file.truncateTo(result.validBytes);
    }
    if (result.skippedLines > 0) {
      log.error({ path: file.path, skippedLines: result.skippedLines }, 'outbox corrupt lines skipped');
    }
    log.info({ lastSeq: result.image.lastSeq, pending: result.image.pending.size }, 'outbox restored');
    return new Outbox(file, result.image, {
      roomId: options.roomId,
      logger: log,
      now: options.now ?? Date.now,
      ids: options.ids ?? createIdFactory(),
      compactBytes: options.compactBytes ?? DEFAULT_COMPACT_BYTES,
    });
  }

  /** Highest seq ever given out (durable or in the middle of being written). */
  get lastSeq(): number {
    return this.assignedSeq;
  }

  get pendingCount(): number {
    return this.image.pending.size;
  }

  get fileBytes(): number {
    return this.file.size;
  }

  /**
   * Unacknowledged, durable events in seq order. (The map's insertion order is seq order: the
   * file holds records in seq order and record() applies them in the order the writes resolve.)
   */
  pending(): RoomEvent[] {
    return [...this.image.pending.values()];
  }

  /** The first pending event with seq > `after` (the link continuing its window), if any. */
  nextAfter(after: number): RoomEvent | undefined {
    for (const ev of this.image.pending.values()) if (ev.seq > after) return ev;
    return undefined;
  }

  /** Called whenever pending() changes. Returns an unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async record(input: RoomEventInput): Promise<RoomEvent> {
    if (this.closed) throw new Error('outbox is closed');
    const at = this.opts.now();
    this.assignedSeq += 1;
    const event = {
      id: this.opts.ids(at),
      type: input.type,
      room: this.opts.roomId,
      seq: this.assignedSeq,
      at,
      data: input.data,
    } as RoomEvent;
    this.writing.set(event.seq, event);
    try {
      await this.file.append(encodeRecord({ k: 'e', ev: event }));
    } finally {
      this.writing.delete(event.seq);
    }
    applyRecord(this.image, { k: 'e', ev: event });
    this.emit();
    return event;
  }

  /** The gateway has the event. Unknown or already acknowledged seqs are ignored. */
  async ack(seq: number): Promise<void> {
    if (!this.image.pending.has(seq)) return;
    applyRecord(this.image, { k: 'a', seq });
    this.emit();
    // Losing an ack to a crash only means one resend, which the gateway drops as a duplicate.
    await this.file.append(encodeRecord({ k: 'a', seq }));
    await this.maybeCompact();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.file.close();
  }

  private async maybeCompact(): Promise<void> {
    if (this.compacting || this.image.pending.size > 0 || this.file.size <= this.opts.compactBytes) return;
    this.compacting = true;
    try {
      const before = this.file.size;
      // Runs in the file's queue after every earlier append, so it sees all durable records.
      await this.file.replace(() => this.compactedContents());
      this.opts.logger.info({ before, after: this.file.size, lastSeq: this.image.lastSeq }, 'outbox compacted');
    } finally {
      this.compacting = false;
    }
  }

  /**
   * The seq floor, then every pending event and every event whose write is under way (it may
   * already be in the old file; if it is written again after the replace, replay keeps one).
   */
  private compactedContents(): string {
    const keep = new Map(this.image.pending);
    for (const [seq, ev] of this.writing) keep.set(seq, ev);
    let text = encodeRecord({ k: 's', lastSeq: this.assignedSeq });
    for (const seq of [...keep.keys()].sort((a, b) => a - b)) {
      const ev = keep.get(seq);
      if (ev) text += encodeRecord({ k: 'e', ev });
    }
    return text;
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
