import { type Static, type TObject, type TProperties, Type } from '@sinclair/typebox';
import { EpochMs, Id, Ulid } from './common.js';

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

/** Every command the gateway may send on `rooms/{room}/cmd`. */
export const RoomCommand = Type.Union([AcknowledgeServiceCommand]);
export type RoomCommand = Static<typeof RoomCommand>;
export type RoomCommandType = RoomCommand['type'];
