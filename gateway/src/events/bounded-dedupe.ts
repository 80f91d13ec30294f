import { compile } from '@ktv/protocol';
import { type Static, Type } from '@sinclair/typebox';

const RoomSeqs = Type.Array(Type.Tuple([Type.String(), Type.Integer({ minimum: 0 })]));

/** What the dedupe remembers, small enough for a snapshot. */
export const DedupeStateSchema = Type.Object(
  { lastSeqs: RoomSeqs, firstSeqs: RoomSeqs, recentIds: Type.Array(Type.String()) },
  { additionalProperties: false },
);
export type DedupeState = Static<typeof DedupeStateSchema>;
export const checkDedupeState = compile(DedupeStateSchema);

export const DEFAULT_RECENT_IDS = 10_000;

/**
 * Duplicate detection for room events with bounded memory: an event is a duplicate when its id is
 * among the last `maxIds` recorded ids, or when its seq is not above the last seq recorded for its
 * room (the seq rule catches every resend of an old event; the ids catch a resend under a new seq
 * while it is recent). Also remembers each room's first recorded seq, so a history read can stop.
 * Pure.
 */
export class BoundedDedupe {
  private readonly ids = new Set<string>();
  private readonly lastSeqs = new Map<string, number>();
  private readonly firstSeqs = new Map<string, number>();

  constructor(private readonly maxIds = DEFAULT_RECENT_IDS) {}

  isDuplicate(event: { id: string; room: string; seq: number }): boolean {
    return this.ids.has(event.id) || event.seq <= this.lastSeq(event.room);
  }

  remember(event: { id: string; room: string; seq: number }): void {
    this.ids.delete(event.id);
    this.ids.add(event.id);
    while (this.ids.size > this.maxIds) {
      const oldest = this.ids.values().next();
      if (oldest.done) break;
      this.ids.delete(oldest.value);
    }
    if (event.seq > this.lastSeq(event.room)) this.lastSeqs.set(event.room, event.seq);
    if (!this.firstSeqs.has(event.room)) this.firstSeqs.set(event.room, event.seq);
  }

  /**
   * Takes back an event that was remembered but never reached the disk (the journal refused it):
   * its id is forgotten and its room's last seq goes back below it, so the device's resend is
   * recorded instead of being taken for a duplicate. Later events of the room that failed with it
   * are forgotten the same way; any that did reach the disk keep their ids.
   */
  forget(event: { id: string; room: string; seq: number }): void {
    this.ids.delete(event.id);
    if (event.seq <= this.lastSeq(event.room)) {
      if (event.seq > 1) this.lastSeqs.set(event.room, event.seq - 1);
      else this.lastSeqs.delete(event.room);
    }
    if (this.firstSeqs.get(event.room) === event.seq) this.firstSeqs.delete(event.room);
  }

  lastSeq(room: string): number {
    return this.lastSeqs.get(room) ?? 0;
  }

  /** The room's first recorded seq, or undefined when it has none. */
  firstSeq(room: string): number | undefined {
    return this.firstSeqs.get(room);
  }

  idCount(): number {
    return this.ids.size;
  }

  state(): DedupeState {
    return { lastSeqs: [...this.lastSeqs], firstSeqs: [...this.firstSeqs], recentIds: [...this.ids] };
  }

  restore(state: DedupeState): void {
    for (const [room, seq] of state.lastSeqs) this.lastSeqs.set(room, seq);
    for (const [room, seq] of state.firstSeqs) this.firstSeqs.set(room, seq);
    for (const id of state.recentIds.slice(-this.maxIds)) this.ids.add(id);
  }
}
