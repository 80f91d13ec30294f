import { type FileHandle, open, readFile, truncate } from 'node:fs/promises';
import { decodeRoomEvent, type RoomEvent } from '@ktv/protocol';
import type { Logger } from '../logger.js';
import { Dedupe } from './dedupe.js';
import type { AppendResult, EventStore, StoredEvent } from './event-store.js';

interface Pending {
  line: string;
  resolve: () => void;
  reject: (e: Error) => void;
}

/**
 * Append-only NDJSON file of room events (DATA/events.ndjson). Appends are group-committed: every
 * waiting line goes out in one write followed by one fdatasync, and each append resolves only
 * after that. On open the dedupe state is rebuilt from the file, and a torn last line (a crash
 * in the middle of a write) is cut off.
 */
export class FileEventStore implements EventStore {
  private handle: FileHandle | undefined;
  private readonly dedupe = new Dedupe();
  private readonly byRoom = new Map<string, StoredEvent[]>();
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private failed: Error | undefined;

  constructor(
    readonly file: string,
    private readonly logger: Logger,
  ) {}

  async open(): Promise<void> {
    await this.rebuild();
    this.handle = await open(this.file, 'a');
  }

  private async rebuild(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    const end = text.lastIndexOf('\n') + 1;
    if (end < text.length) {
      const keep = Buffer.byteLength(text.slice(0, end), 'utf8');
      const cut = Buffer.byteLength(text, 'utf8') - keep;
      await truncate(this.file, keep);
      this.logger.warn({ file: this.file, bytes: cut }, 'events file torn tail cut');
    }
    let lineNo = 0;
    for (const line of text.slice(0, end).split('\n')) {
      lineNo++;
      if (line === '') continue;
      const stored = parseStored(line);
      if (!stored) {
        this.logger.warn({ file: this.file, line: lineNo }, 'events file line unreadable, skipped');
        continue;
      }
      this.accept(stored);
    }
  }

  private accept(stored: StoredEvent): void {
    this.dedupe.remember(stored);
    let list = this.byRoom.get(stored.room);
    if (!list) {
      list = [];
      this.byRoom.set(stored.room, list);
    }
    list.push(stored);
  }

  append(event: RoomEvent, receivedAt: number): { result: AppendResult; durable: Promise<void> } {
    if (this.failed) return { result: 'recorded', durable: Promise.reject(this.failed) };
    if (!this.handle) return { result: 'recorded', durable: Promise.reject(new Error('event store is not open')) };
    if (this.dedupe.isDuplicate(event)) {
      // The original may still be on its way to the disk: answer after it is durable.
      return { result: 'duplicate', durable: this.flushing ?? Promise.resolve() };
    }
    const stored: StoredEvent = { ...event, receivedAt };
    this.accept(stored);
    const durable = new Promise<void>((resolve, reject) => {
      this.queue.push({ line: `${JSON.stringify(stored)}\n`, resolve, reject });
      if (!this.flushing) this.flushing = this.flushLoop();
    });
    return { result: 'recorded', durable };
  }

  private async flushLoop(): Promise<void> {
    const handle = this.handle;
    while (this.queue.length > 0 && handle) {
      const batch = this.queue;
      this.queue = [];
      try {
        await handle.appendFile(batch.map((p) => p.line).join(''), 'utf8');
        await handle.datasync();
        for (const p of batch) p.resolve();
      } catch (e) {
        // A failed write leaves memory ahead of the disk: refuse everything from now on.
        this.failed = e as Error;
        this.logger.error({ err: e, file: this.file }, 'events file write failed');
        for (const p of [...batch, ...this.queue]) p.reject(this.failed);
        this.queue = [];
      }
    }
    this.flushing = undefined;
  }

  eventsAfter(room: string, after: number): StoredEvent[] {
    return (this.byRoom.get(room) ?? []).filter((e) => e.seq > after);
  }

  lastSeq(room: string): number {
    return this.dedupe.lastSeq(room);
  }

  async close(): Promise<void> {
    await this.flushing;
    await this.handle?.close();
    this.handle = undefined;
  }
}

function parseStored(line: string): StoredEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || !('receivedAt' in value)) return undefined;
  const { receivedAt, ...event } = value as { receivedAt: unknown };
  if (typeof receivedAt !== 'number') return undefined;
  const decoded = decodeRoomEvent(event);
  return decoded.ok ? { ...decoded.value, receivedAt } : undefined;
}
