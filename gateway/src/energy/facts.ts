import { decodeStoredEvent, ROOM_EVENT_RECORD } from '../events/stored-event.js';
import type { JournalRecord } from '../journal/index.js';
import type { PowerFact } from './hours.js';

/** The power fact a journal record carries, if any (a room's `power.changed` or `agent.started`). */
export function powerFactOf(record: JournalRecord): PowerFact | undefined {
  if (record.type !== ROOM_EVENT_RECORD) return undefined;
  const data = record.data as { type?: unknown } | null;
  // Cheap filter first: most room events are songs and sensors.
  if (data?.type !== 'power.changed' && data?.type !== 'agent.started') return undefined;
  const event = decodeStoredEvent(record.data);
  if (!event) return undefined;
  if (event.type === 'agent.started') return { room: event.room, at: event.at, kind: 'started' };
  if (event.type === 'power.changed') {
    return { room: event.room, at: event.at, kind: 'power', on: event.data.on, inUse: event.data.inUse };
  }
  return undefined;
}
