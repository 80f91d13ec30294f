import type { RoomEvent } from '@ktv/protocol';

export type StoredEvent = RoomEvent & { receivedAt: number };

export type AppendResult = 'recorded' | 'duplicate';

/**
 * Where room events are recorded. `append` decides at once whether the event is new or a
 * duplicate (so live subscribers can be served without waiting for the disk); its `durable`
 * settles once the event (or the original it duplicates) is on disk: the gateway acknowledges
 * the event to the agent only after that.
 */
export interface EventStore {
  open(): Promise<void>;
  /** `payloadJson`: the event as the device sent it (checked JSON text), kept as it is when it can be. */
  append(event: RoomEvent, receivedAt: number, payloadJson?: string): { result: AppendResult; durable: Promise<void> };
  /** The room's events with seq > after, in seq order, each once. */
  eventsAfter(room: string, after: number): StoredEvent[];
  lastSeq(room: string): number;
  close(): Promise<void>;
}
