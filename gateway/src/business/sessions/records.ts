import { type Static, Type } from '@sinclair/typebox';
import { BillSchema, OrderLineSchema, RatePlanSchema, VoidSchema } from '../../billing/schemas.js';

/**
 * The business records in the journal: one record per change, appended (fdatasync'd) before the
 * admin API answers and before anything is published. Replaying them in order onto the last
 * snapshot rebuilds every room, session and bill. Record data is validated on replay.
 */
const At = Type.Integer({ minimum: 0 });
const Id = Type.String({ minLength: 1, maxLength: 64 });
const By = Type.String({ minLength: 1, maxLength: 64 });

export const SessionOpenedData = Type.Object(
  {
    at: At,
    by: By,
    sessionId: Id,
    room: Id,
    roomType: Id,
    ratePlanId: Id,
    /** `${ratePlanId}@${hash}`: the version of the plan the session keeps. */
    planKey: Type.String({ minLength: 1, maxLength: 140 }),
    /** The plan itself, only in the first record that uses this version. */
    plan: Type.Optional(RatePlanSchema),
    packageId: Type.Union([Id, Type.Null()]),
    memberLevel: Type.Union([Id, Type.Null()]),
    plannedEndAt: Type.Union([At, Type.Null()]),
  },
  { additionalProperties: false },
);

export const SessionExtendedData = Type.Object(
  { at: At, by: By, sessionId: Id, minutes: Type.Integer({ minimum: 1 }), plannedEndAt: At },
  { additionalProperties: false },
);

export const SessionMovedData = Type.Object(
  { at: At, by: By, sessionId: Id, fromRoom: Id, toRoom: Id, toRoomType: Id },
  { additionalProperties: false },
);

export const OrderAddedData = Type.Object(
  { at: At, by: By, sessionId: Id, line: OrderLineSchema },
  { additionalProperties: false },
);

export const OrderVoidedData = Type.Object(
  { sessionId: Id, lineId: Id, ...VoidSchema.properties },
  { additionalProperties: false },
);

export const SessionDiscountedData = Type.Object(
  {
    at: At,
    by: By,
    sessionId: Id,
    pct: Type.Integer({ minimum: 0, maximum: 100 }),
    reason: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

export const SessionCheckedOutData = Type.Object(
  { at: At, by: By, sessionId: Id, room: Id, bill: BillSchema },
  { additionalProperties: false },
);

export const RoomChangedData = Type.Object(
  {
    at: At,
    by: By,
    room: Id,
    action: Type.Union([
      Type.Literal('book'),
      Type.Literal('unbook'),
      Type.Literal('clean'),
      Type.Literal('maintenanceOn'),
      Type.Literal('maintenanceOff'),
    ]),
    booking: Type.Optional(Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }), at: At })),
  },
  { additionalProperties: false },
);

export const BusinessRecordSchema = Type.Union([
  Type.Object({ type: Type.Literal('business.session.opened'), data: SessionOpenedData }),
  Type.Object({ type: Type.Literal('business.session.extended'), data: SessionExtendedData }),
  Type.Object({ type: Type.Literal('business.session.moved'), data: SessionMovedData }),
  Type.Object({ type: Type.Literal('business.order.added'), data: OrderAddedData }),
  Type.Object({ type: Type.Literal('business.order.voided'), data: OrderVoidedData }),
  Type.Object({ type: Type.Literal('business.session.discounted'), data: SessionDiscountedData }),
  Type.Object({ type: Type.Literal('business.session.checkedOut'), data: SessionCheckedOutData }),
  Type.Object({ type: Type.Literal('business.room.changed'), data: RoomChangedData }),
]);
export type BusinessRecord = Static<typeof BusinessRecordSchema>;
export type BusinessRecordType = BusinessRecord['type'];

export const BUSINESS_RECORD_PREFIX = 'business.';
