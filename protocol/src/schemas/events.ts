import { type Static, type TObject, type TProperties, Type } from '@sinclair/typebox';
import { EpochMs, Id, SensorName, Seq, Ulid } from './common.js';

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

/** Every event a room may publish on `rooms/{room}/events`. */
export const RoomEvent = Type.Union([
  AgentStartedEvent,
  SensorChangedEvent,
  ServiceCalledEvent,
  ServiceCancelledEvent,
  ServiceAcknowledgedEvent,
]);
export type RoomEvent = Static<typeof RoomEvent>;
export type RoomEventType = RoomEvent['type'];
export const ROOM_EVENT_TYPES: readonly RoomEventType[] = [
  'agent.started',
  'sensor.changed',
  'service.called',
  'service.cancelled',
  'service.acknowledged',
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
