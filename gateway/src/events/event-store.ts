import type { RoomEvent } from '@ktv/protocol';

export type StoredEvent = RoomEvent & { receivedAt: number };

export type AppendResult = 'recorded' | 'duplicate';

/**
 * Where room events are recorded. `append` resolves only once the event is durable (or known to
 * be a duplicate of a durable one): the gateway acknowledges the event to the agent after that.
 */
export interface EventStore {
  open(): Promise<void>;
  append(event: RoomEvent, receivedAt: number): Promise<AppendResult>;
  /** The room's events with seq > after, in seq order, each once. */
  eventsAfter(room: string, after: number): StoredEvent[];
  lastSeq(room: string): number;
  close(): Promise<void>;
}
