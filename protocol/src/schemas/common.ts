import { type Static, Type } from '@sinclair/typebox';
import { ULID_PATTERN } from '../ids.js';
import { ID_PATTERN } from '../topics.js';

export const Id = Type.String({ pattern: ID_PATTERN, description: 'store, room or device id' });
export const Ulid = Type.String({ pattern: ULID_PATTERN, description: 'ULID' });
/** Milliseconds since the Unix epoch, on the sender's clock. */
export const EpochMs = Type.Integer({ minimum: 0, description: 'ms since the epoch' });
export const Seq = Type.Integer({ minimum: 1, description: 'per-room counter, survives restarts' });

export const SensorName = Type.Union([Type.Literal('door'), Type.Literal('motion')]);
export type SensorName = Static<typeof SensorName>;
