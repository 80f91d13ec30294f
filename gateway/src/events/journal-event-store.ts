import type { RoomEvent } from '@ktv/protocol';
import type { Journal } from '../journal/index.js';
import type { Logger } from '../logger.js';
import { BoundedDedupe, checkDedupeState, DEFAULT_RECENT_IDS } from './bounded-dedupe.js';
import type { AppendResult, EventStore, StoredEvent } from './event-store.js';
import { decodeStoredEvent, ROOM_EVENT_RECORD, storedEventJson } from './stored-event.js';

export interface JournalEventStoreOptions {
  /** Events kept in memory per room; older ones are read back from the journal when asked. */
  recentPerRoom?: number;
  /** Event ids remembered for the id rule of the dedupe. */
  recentIds?: number;
  /** A snapshot of the dedupe state is written after this many recorded events (and on close). */
  snapshotEvery?: number;
  /**
   * How long a room event may wait for company before its fdatasync (the journal's lingerMs): the
   * agent keeps it in its outbox until the acknowledgement, live subscribers have it at once, and
   * money written meanwhile takes it along. Fewer fdatasyncs spare the SD card.
   */
  lingerMs?: number;
}

/**
 * 50 ms, not seconds: with a 3 s linger the gpio benchmark showed 1-5 % of a room's quick door
 * changes reaching the front desk's screen ~3 s late (p99 3,006 ms; 52 ms with 50). At a quiet
 * store a few events a second cost a few fdatasyncs a second, far from wearing out a card; a busy
 * one fills LINGER_FLUSH_BYTES first anyway.
 */
export const DEFAULT_EVENT_LINGER_MS = 50;

export const ROOM_EVENTS_SNAPSHOT = 'room-events';

interface RoomTail {
  /** Every recorded event of the room with seq > coveredFrom is in `events`. */
  coveredFrom: number;
  /** The events' seqs and their JSON text (one string each: cheap to keep for the collector). */
  seqs: number[];
  events: string[];
}

/**
 * Room events as journal records (type `room.event`, data = the envelope plus receivedAt). Same
 * contract as before: `append` decides at once (de-duplicated by id and per-room seq) and its
 * `durable` settles once the record, or the original it duplicates, is fdatasync'd. Memory is
 * bounded: the last seq and first seq per room, the last `recentIds` ids and the last
 * `recentPerRoom` events of each room; older events are read back from the journal. Start-up is
 * the `room-events` snapshot plus a replay of the records after it.
 */
export class JournalEventStore implements EventStore {
  private readonly dedupe: BoundedDedupe;
  private readonly tails = new Map<string, RoomTail>();
  private readonly recentPerRoom: number;
  private readonly snapshotEvery: number;
  private readonly lingerMs: number;
  private latest: Promise<void> = Promise.resolve();
  private sinceSnapshot = 0;
  private snapshotting: Promise<void> | undefined;
  private opened = false;

  constructor(
    private readonly journal: Journal,
    private readonly logger: Logger,
    o: JournalEventStoreOptions = {},
  ) {
    this.dedupe = new BoundedDedupe(o.recentIds ?? DEFAULT_RECENT_IDS);
    this.recentPerRoom = o.recentPerRoom ?? 500;
    this.snapshotEvery = o.snapshotEvery ?? 20_000;
    this.lingerMs = o.lingerMs ?? DEFAULT_EVENT_LINGER_MS;
  }

  async open(): Promise<void> {
    const snapshot = await this.journal.readSnapshot(ROOM_EVENTS_SNAPSHOT);
    let from = 1;
    if (snapshot) {
      const checked = checkDedupeState(snapshot.state);
      if (!checked.ok) throw new Error(`room events snapshot unreadable: ${checked.errors.join('; ')}`);
      const state = checked.value;
      this.dedupe.restore(state);
      for (const [room, seq] of state.lastSeqs) this.tails.set(room, { coveredFrom: seq, seqs: [], events: [] });
      from = snapshot.atSeq + 1;
    }
    let replayed = 0;
    for await (const record of this.journal.read(from)) {
      if (record.type !== ROOM_EVENT_RECORD) continue;
      const stored = decodeStoredEvent(record.data);
      if (!stored) {
        this.logger.warn({ seq: record.seq }, 'room event record unreadable, skipped');
        continue;
      }
      this.accept(stored, JSON.stringify(stored));
      replayed += 1;
    }
    this.sinceSnapshot = replayed;
    this.opened = true;
    this.logger.info({ fromSnapshot: snapshot?.atSeq ?? null, replayed }, 'room events loaded');
  }

  private accept(event: { id: string; room: string; seq: number }, json: string): void {
    this.dedupe.remember(event);
    let tail = this.tails.get(event.room);
    if (!tail) {
      tail = { coveredFrom: 0, seqs: [], events: [] };
      this.tails.set(event.room, tail);
    }
    tail.seqs.push(event.seq);
    tail.events.push(json);
    if (tail.events.length > this.recentPerRoom * 1.25) {
      const drop = tail.events.length - this.recentPerRoom;
      tail.events.splice(0, drop);
      const dropped = tail.seqs.splice(0, drop);
      tail.coveredFrom = dropped.at(-1) ?? tail.coveredFrom;
    }
  }

  append(event: RoomEvent, receivedAt: number, payloadJson?: string): { result: AppendResult; durable: Promise<void> } {
    if (!this.opened) return { result: 'recorded', durable: Promise.reject(new Error('event store is not open')) };
    if (this.dedupe.isDuplicate(event)) {
      // The original may still be on its way to the disk: answer after it (and all before) is durable.
      return { result: 'duplicate', durable: this.latest };
    }
    const json =
      (payloadJson === undefined ? undefined : storedEventJson(payloadJson, receivedAt)) ??
      JSON.stringify({ ...event, receivedAt } satisfies StoredEvent);
    const durable = this.journal.appendJson(ROOM_EVENT_RECORD, json, { lingerMs: this.lingerMs }).then(
      () => undefined,
      (e: unknown) => {
        // Refused by the journal (e.g. disk full): as if it never came, so the resend is recorded.
        this.takeBack(event);
        throw e;
      },
    );
    durable.catch(() => undefined); // the caller handles it; this keeps `latest` from being unhandled
    this.accept(event, json);
    this.latest = durable;
    this.sinceSnapshot += 1;
    if (this.sinceSnapshot >= this.snapshotEvery && !this.snapshotting) this.snapshotting = this.snapshot();
    return { result: 'recorded', durable };
  }

  private takeBack(event: { id: string; room: string; seq: number }): void {
    this.dedupe.forget(event);
    const tail = this.tails.get(event.room);
    const at = tail?.seqs.indexOf(event.seq) ?? -1;
    if (tail && at >= 0) {
      tail.seqs.splice(at, 1);
      tail.events.splice(at, 1);
    }
  }

  /** Writes the dedupe state as of the journal's current seq (taken synchronously, together). */
  private async snapshot(): Promise<void> {
    const atSeq = this.journal.lastSeq();
    const state = this.dedupe.state();
    this.sinceSnapshot = 0;
    try {
      await this.journal.writeSnapshot(ROOM_EVENTS_SNAPSHOT, atSeq, state);
    } catch (e) {
      this.logger.error({ err: e }, 'room events snapshot failed');
    } finally {
      this.snapshotting = undefined;
    }
  }

  eventsAfter(room: string, after: number): StoredEvent[] {
    const tail = this.tails.get(room);
    if (!tail) return [];
    const recent: StoredEvent[] = [];
    for (let i = 0; i < tail.seqs.length; i++) {
      // Our own text: from a payload that was checked, or from a checked journal record.
      if ((tail.seqs[i] ?? 0) > after) recent.push(JSON.parse(tail.events[i] ?? 'null') as StoredEvent);
    }
    const first = this.dedupe.firstSeq(room);
    if (after >= tail.coveredFrom || first === undefined || first > tail.coveredFrom) return recent;
    return [...this.older(room, after, tail.coveredFrom, first), ...recent];
  }

  /** The room's events with after < seq <= upTo, from the journal, in seq order. */
  private older(room: string, after: number, upTo: number, first: number): StoredEvent[] {
    const found: StoredEvent[] = [];
    this.journal.readBackwardSync((record) => {
      if (record.type !== ROOM_EVENT_RECORD) return true;
      const stored = decodeStoredEvent(record.data);
      if (!stored || stored.room !== room) return true;
      if (stored.seq <= after) return false;
      if (stored.seq <= upTo) found.push(stored);
      return stored.seq > first;
    });
    return found.reverse();
  }

  lastSeq(room: string): number {
    return this.dedupe.lastSeq(room);
  }

  /** Memory in use, for tests and the benchmark. */
  footprint(): { ids: number; events: number } {
    let events = 0;
    for (const tail of this.tails.values()) events += tail.events.length;
    return { ids: this.dedupe.idCount(), events };
  }

  /** Waits for pending appends and writes a snapshot; the journal itself is closed by its owner. */
  async close(): Promise<void> {
    if (!this.opened) return;
    this.opened = false;
    await this.snapshotting;
    await this.latest.catch(() => undefined);
    if (this.sinceSnapshot > 0) await this.snapshot();
  }
}
