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

/**
 * The stored event's JSON made from the device's own payload text (already decoded and checked):
 * `,"receivedAt":N` goes in before its closing brace, so the event is not serialised again.
 * Undefined when the text is not one object on one line (the caller serialises the event instead).
 */
export function storedEventJson(payloadJson: string, receivedAt: number): string | undefined {
  const text = payloadJson.trim();
  if (!text.startsWith('{') || !text.endsWith('}')) return undefined;
  const body = text.slice(0, -1).trimEnd();
  if (body === '{' || text.includes('\n') || text.includes('\r')) return undefined;
  return `${body},"receivedAt":${receivedAt}}`;
}
