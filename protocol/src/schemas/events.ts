import { type Static, type TObject, type TProperties, Type } from '@sinclair/typebox';
import { EpochMs, Id, SensorName, Seq, Ulid } from './common.js';
import { SceneNameSchema } from './scenes.js';

function eventOf<T extends string, D extends TProperties>(type: T, data: TObject<D>) {
  return Type.Object(
    {
      id: Ulid,
      type: Type.Literal(type),
      room: Id,
      seq: Seq,
      at: EpochMs,
      data,
    },
    { additionalProperties: false },
  );
}

const empty = Type.Object({}, { additionalProperties: false });

export const AgentStartedEvent = eventOf(
  'agent.started',
  Type.Object({ version: Type.String({ maxLength: 64 }) }, { additionalProperties: false }),
);
export const SensorChangedEvent = eventOf(
  'sensor.changed',
  Type.Object({ sensor: SensorName, value: Type.Boolean() }, { additionalProperties: false }),
);
/** The room's call button or screen button was pressed: guests want staff (呼叫服务). */
export const ServiceCalledEvent = eventOf('service.called', empty);
/** The guests pressed the call button again before staff came. */
export const ServiceCancelledEvent = eventOf('service.cancelled', empty);
/** Staff answered the call (from the admin page); the room clears its call light. */
export const ServiceAcknowledgedEvent = eventOf(
  'service.acknowledged',
  Type.Object({ by: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
);

const EntryId = Type.String({ minLength: 1, maxLength: 64 });
const SongId = Type.String({ minLength: 1, maxLength: 64 });
const Text = Type.String({ maxLength: 200 });
export const VocalMode = Type.Union([Type.Literal('vocalsOn'), Type.Literal('vocalsOff')]);
export type VocalMode = Static<typeof VocalMode>;
export const QueueOpName = Type.Union(
  ['add', 'addFirst', 'remove', 'move', 'moveToFront', 'skip', 'replay', 'clear', 'songEnded'].map((n) =>
    Type.Literal(n),
  ),
);

/**
 * The room's queue changed (点歌, 优先, 删除, 切歌, 重唱, ...): which operation, on which entry, and
 * how long the queue is now. Position updates are not events.
 */
export const QueueChangedEvent = eventOf(
  'queue.changed',
  Type.Object(
    {
      op: QueueOpName,
      entryId: Type.Optional(EntryId),
      songId: Type.Optional(SongId),
      toIndex: Type.Optional(Type.Integer({ minimum: 0 })),
      /** Songs waiting after the playing one. */
      upcoming: Type.Integer({ minimum: 0 }),
    },
    { additionalProperties: false },
  ),
);
/** A queued song started playing on the TV (play counts and charts come from these). */
export const SongStartedEvent = eventOf(
  'song.started',
  Type.Object(
    {
      entryId: EntryId,
      songId: SongId,
      title: Type.Optional(Text),
      artist: Type.Optional(Text),
      vocalMode: VocalMode,
    },
    { additionalProperties: false },
  ),
);
/** A queued song stopped playing: to its end, skipped (切歌), restarted (重唱) or failed. */
export const SongEndedEvent = eventOf(
  'song.ended',
  Type.Object(
    {
      entryId: EntryId,
      songId: SongId,
      reason: Type.Union([Type.Literal('eof'), Type.Literal('skip'), Type.Literal('replay'), Type.Literal('error')]),
      playedMs: Type.Integer({ minimum: 0 }),
    },
    { additionalProperties: false },
  ),
);

/**
 * The room's power changed (issue #9): TV, amplifier, light scene, and whether a session runs.
 * The gateway's energy hours come from these: on = anything powered, inUse = a session runs.
 */
export const PowerChangedEvent = eventOf(
  'power.changed',
  Type.Object(
    {
      on: Type.Boolean(),
      tv: Type.Boolean(),
      amp: Type.Boolean(),
      scene: SceneNameSchema,
      inUse: Type.Boolean(),
      reason: Type.String({ maxLength: 64 }),
    },
    { additionalProperties: false },
  ),
);

/** Every event a room may publish on `rooms/{room}/events`. */
export const RoomEvent = Type.Union([
  AgentStartedEvent,
  SensorChangedEvent,
  ServiceCalledEvent,
  ServiceCancelledEvent,
  ServiceAcknowledgedEvent,
  QueueChangedEvent,
  SongStartedEvent,
  SongEndedEvent,
  PowerChangedEvent,
]);
export type RoomEvent = Static<typeof RoomEvent>;
export type RoomEventType = RoomEvent['type'];
export const ROOM_EVENT_TYPES: readonly RoomEventType[] = [
  'agent.started',
  'sensor.changed',
  'service.called',
  'service.cancelled',
  'service.acknowledged',
  'queue.changed',
  'song.started',
  'song.ended',
  'power.changed',
];

/** The part of an event its producer chooses; the outbox adds id, room, seq and at. */
export type RoomEventInput = {
  [K in RoomEventType]: { type: K; data: Extract<RoomEvent, { type: K }>['data'] };
}[RoomEventType];

/** Shape check for the envelope alone (used to report a clearer error than the union does). */
export const EventEnvelope = Type.Object(
  { id: Ulid, type: Type.String(), room: Id, seq: Seq, at: EpochMs, data: Type.Object({}) },
  { additionalProperties: false },
);
