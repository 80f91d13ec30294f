import { decodeRoomEvent } from '@ktv/protocol';
import type { StoredEvent } from './event-store.js';

/** The journal record type of a room event; its data is the StoredEvent. */
export const ROOM_EVENT_RECORD = 'room.event';

/** A stored event (the envelope plus receivedAt) checked against the protocol's schema. */
export function decodeStoredEvent(value: unknown): StoredEvent | undefined {
  if (typeof value !== 'object' || value === null || !('receivedAt' in value)) return undefined;
  const { receivedAt, ...event } = value as { receivedAt: unknown };
  if (typeof receivedAt !== 'number') return undefined;
  const decoded = decodeRoomEvent(event);
  return decoded.ok ? { ...decoded.value, receivedAt } : undefined;
}
