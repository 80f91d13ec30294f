import { ID_PATTERN } from '@ktv/protocol';
import { type Static, Type } from '@sinclair/typebox';

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const RoomParams = Type.Object({ room: Type.String({ pattern: ID_PATTERN }) });
export type RoomParams = Static<typeof RoomParams>;

export const EventsQuery = Type.Object(
  { after: Type.Integer({ minimum: 0, default: 0 }), token: Type.Optional(Type.String()) },
  { additionalProperties: false },
);
export type EventsQuery = Static<typeof EventsQuery>;
