import { type Static, type TObject, type TProperties, Type } from '@sinclair/typebox';
import { EpochMs, Id, Ulid } from './common.js';
import { RoomStatusName, SceneSettings } from './scenes.js';

function commandOf<T extends string, D extends TProperties>(type: T, data: TObject<D>) {
  return Type.Object(
    { id: Ulid, type: Type.Literal(type), room: Id, at: EpochMs, data },
    { additionalProperties: false },
  );
}

/** Staff answered the room's service call. */
export const AcknowledgeServiceCommand = commandOf(
  'service.acknowledge',
  Type.Object({ by: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
);

/** What the room's screens show of the running session (开房): time used and the bill so far. */
export const SessionSummary = Type.Object(
  {
    sessionId: Type.String({ minLength: 1, maxLength: 64 }),
    openedAt: EpochMs,
    /** Set for 买钟 / packages: when the paid time ends. */
    plannedEndAt: Type.Union([EpochMs, Type.Null()]),
    /** Room fee + orders - discounts, so far, in fen. */
    billSoFarFen: Type.Integer({ minimum: 0 }),
    roomFeeFen: Type.Integer({ minimum: 0 }),
    ordersFen: Type.Integer({ minimum: 0 }),
    packageName: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
    /** When the gateway computed the bill (the screens count time on from here). */
    at: EpochMs,
  },
  { additionalProperties: false },
);
export type SessionSummary = Static<typeof SessionSummary>;

/**
 * The room's session changed (opened, extended, moved, an order, closed: `session` null). Sent on
 * every change and again whenever the room comes online, so it is idempotent: the latest wins.
 */
export const SessionUpdateCommand = commandOf(
  'session.update',
  Type.Object({ session: Type.Union([SessionSummary, Type.Null()]) }, { additionalProperties: false }),
);

/** The room's business state (空闲 / 已预订 / 使用中 / 待清洁 / 维修): on every change and on coming online. */
export const RoomStatusCommand = commandOf(
  'room.status',
  Type.Object({ status: RoomStatusName }, { additionalProperties: false }),
);

/** The store's light scenes and idle time (issue #9): on every save and on coming online. */
export const ScenesUpdateCommand = commandOf(
  'scenes.update',
  Type.Object({ settings: SceneSettings }, { additionalProperties: false }),
);

/** Every command the gateway may send on `rooms/{room}/cmd`. */
export const RoomCommand = Type.Union([
  AcknowledgeServiceCommand,
  SessionUpdateCommand,
  RoomStatusCommand,
  ScenesUpdateCommand,
]);
export type RoomCommand = Static<typeof RoomCommand>;
export type RoomCommandType = RoomCommand['type'];
