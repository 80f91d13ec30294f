import { ID_PATTERN } from '@ktv/protocol';
import { type Static, Type } from '@sinclair/typebox';
import { ROOM_EVENT_RECORD } from '../events/stored-event.js';
import type { JournalRecord } from '../journal/index.js';

/**
 * What goes up to the cloud: one journal record as an event. The one rule for a consumer:
 * de-duplicate by `id`. Order per room by `seq` (room events: the device's per-room counter);
 * store-wide order (business records) by `jseq`.
 *
 * Ids: a room event keeps its ULID. Any other record (business.* sessions, orders, voids, bills,
 * ...) gets `{store}.j{jseq}`: the journal never gives a seq twice, so the id is the same on every
 * resend, after a crash and after a restart.
 */
export const CloudEventSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 140 }),
    store: Type.String({ pattern: ID_PATTERN }),
    /** The gateway journal's seq: store-wide order of receipt. */
    jseq: Type.Integer({ minimum: 1 }),
    /** The journal record type: room.event, business.session.opened, ... */
    kind: Type.String({ minLength: 1, maxLength: 128 }),
    /** For a room event the event's own type (song.started, ...), else the record type. */
    type: Type.String({ minLength: 1, maxLength: 128 }),
    room: Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()]),
    /** Per-room counter of the device (room events only). */
    seq: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
    /** The device's (or the front desk's) clock, ms. */
    at: Type.Integer(),
    /** The gateway's clock when it journaled the record, ms. */
    receivedAt: Type.Integer(),
    data: Type.Unknown(),
  },
  { additionalProperties: false },
);
export type CloudEvent = Static<typeof CloudEventSchema>;

export function recordId(store: string, jseq: number): string {
  return `${store}.j${jseq}`;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** Pure: the cloud event of a journal record. */
export function toCloudEvent(store: string, record: JournalRecord): CloudEvent {
  const d = record.data;
  if (record.type === ROOM_EVENT_RECORD) {
    const id = field(d, 'id');
    const room = field(d, 'room');
    const seq = field(d, 'seq');
    const at = field(d, 'at');
    const type = field(d, 'type');
    if (typeof id === 'string' && typeof room === 'string' && typeof seq === 'number') {
      return {
        id,
        store,
        jseq: record.seq,
        kind: record.type,
        type: typeof type === 'string' && type.length > 0 ? type : record.type,
        room,
        seq,
        at: typeof at === 'number' ? Math.trunc(at) : record.at,
        receivedAt: record.at,
        data: field(d, 'data') ?? null,
      };
    }
  }
  const room = field(d, 'room');
  const at = field(d, 'at');
  return {
    id: recordId(store, record.seq),
    store,
    jseq: record.seq,
    kind: record.type,
    type: record.type,
    room: typeof room === 'string' && room.length > 0 ? room : null,
    seq: null,
    at: typeof at === 'number' ? Math.trunc(at) : record.at,
    receivedAt: record.at,
    data: d === undefined ? null : d,
  };
}

/** Money records: sessions, orders, voids, discounts, bills. */
export function isMoneyKind(kind: string): boolean {
  return kind.startsWith('business.');
}
