import { type Static, Type } from '@sinclair/typebox';

/**
 * The rate plan (价目表) and session formats of the billing engine. Money is integer fen (分),
 * times are ms since the epoch, wall-clock times are "HH:MM" in the plan's time zone.
 * docs/billing.md documents both formats with examples (docs/examples/billing/).
 */

const Fen = Type.Integer({ minimum: 0, maximum: 100_000_000_00 });
const Pct = Type.Integer({ minimum: 0, maximum: 100 });
const EpochMs = Type.Integer({ minimum: 0 });
const Name = Type.String({ minLength: 1, maxLength: 100 });
const Id = Type.String({ minLength: 1, maxLength: 64 });

/** "HH:MM", 00:00 .. 23:59. */
export const WallTimeSchema = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });
/** "HH:MM", 00:01 .. 24:00 (a period's or a window's end; may be earlier than its start: crosses midnight). */
export const WallEndSchema = Type.String({ pattern: '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$' });

/**
 * A day type: a weekday (mon tue wed thu fri sat sun) or a name the holiday calendar gives a date
 * (e.g. "holiday", "eve").
 */
export const DayTypeSchema = Type.String({ pattern: '^[a-z][a-zA-Z0-9_-]{0,31}$' });
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export const PeriodSchema = Type.Object(
  {
    /** Shown on the bill: 午场, 黄金档, 晚场, 通宵, ... */
    name: Name,
    /** The day types this period runs on; a period that crosses midnight belongs to the day it starts. */
    days: Type.Array(DayTypeSchema, { minItems: 1, uniqueItems: true }),
    start: WallTimeSchema,
    /** End; "24:00" is midnight; an end at or before the start crosses midnight into the next day. */
    end: WallEndSchema,
    pricePerHourFen: Fen,
    /** 最低消费 for a session that starts in this period (0 = none). */
    minimumSpendFen: Type.Optional(Fen),
  },
  { additionalProperties: false },
);
export type Period = Static<typeof PeriodSchema>;

export const RoomTypePlanSchema = Type.Object(
  {
    /** Shown on the bill: 小包, 中包, 大包, 豪华包. Defaults to the room type's key. */
    name: Type.Optional(Name),
    periods: Type.Array(PeriodSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type RoomTypePlan = Static<typeof RoomTypePlanSchema>;

export const IncludedItemSchema = Type.Object(
  {
    itemId: Id,
    /** Shown on the bill; defaults to the item id. */
    name: Type.Optional(Name),
    qty: Type.Integer({ minimum: 1, maximum: 10_000 }),
  },
  { additionalProperties: false },
);

export const WindowSchema = Type.Object({ start: WallTimeSchema, end: WallEndSchema }, { additionalProperties: false });

export const PackageSchema = Type.Object(
  {
    id: Id,
    name: Name,
    /** Room types the package is sold for. */
    roomTypes: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, uniqueItems: true }),
    priceFen: Fen,
    durationMin: Type.Integer({ minimum: 1, maximum: 24 * 60 }),
    /** The session must start in [start, end) local time (may cross midnight). */
    startWindow: WindowSchema,
    /** Day types the package is sold on; absent = every day. */
    days: Type.Optional(Type.Array(DayTypeSchema, { minItems: 1, uniqueItems: true })),
    includedItems: Type.Array(IncludedItemSchema, { default: [] }),
  },
  { additionalProperties: false },
);
export type Package = Static<typeof PackageSchema>;

export const MemberLevelSchema = Type.Object(
  {
    /** Shown on the bill: 普通, 银卡, 金卡, 钻石. */
    name: Name,
    /** Percent off the time charge (not off a package's fixed price). */
    roomFeeDiscountPct: Pct,
    /** Percent off each order category (酒水, 小吃, 果盘, ...). */
    categoryDiscountPct: Type.Record(Type.String({ minLength: 1 }), Pct, { default: {} }),
  },
  { additionalProperties: false },
);
export type MemberLevel = Static<typeof MemberLevelSchema>;

export const RatePlanSchema = Type.Object(
  {
    id: Id,
    name: Name,
    /** IANA time zone of the store, e.g. "Asia/Shanghai". */
    timeZone: Type.String({ minLength: 1, maxLength: 64 }),
    /** 计费单位 in minutes: the total time is rounded up to it (1 = per minute, to the second). */
    billingUnitMin: Type.Integer({ minimum: 1, maximum: 240 }),
    /** 免费时长 / 宽限: a last partial unit no longer than this is dropped. */
    graceMin: Type.Integer({ minimum: 0, maximum: 240 }),
    /** 抹零 of the final total, always down: none, to the jiao (10 fen), to the yuan (100 fen). */
    rounding: Type.Unsafe<'none' | 'jiao' | 'yuan'>({ type: 'string', enum: ['none', 'jiao', 'yuan'] }),
    /** 服务费: percent of the room fee after discount. */
    serviceChargePct: Pct,
    /** "YYYY-MM-DD" -> day type, replacing that date's weekday (a holiday, or 调休 "sat" -> "mon"). */
    holidays: Type.Record(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' }), DayTypeSchema, {
      default: {},
    }),
    roomTypes: Type.Record(Type.String({ minLength: 1, maxLength: 64 }), RoomTypePlanSchema),
    packages: Type.Array(PackageSchema, { default: [] }),
    memberLevels: Type.Record(Type.String({ minLength: 1, maxLength: 64 }), MemberLevelSchema, { default: {} }),
  },
  { additionalProperties: false },
);
export type RatePlan = Static<typeof RatePlanSchema>;

export const SegmentSchema = Type.Object(
  {
    room: Type.String({ minLength: 1, maxLength: 32 }),
    roomType: Type.String({ minLength: 1, maxLength: 64 }),
    startAt: EpochMs,
    /** For the bill so far (the session is still running) pass the time of the quote (now). */
    endAt: EpochMs,
  },
  { additionalProperties: false },
);
export type Segment = Static<typeof SegmentSchema>;

export const VoidSchema = Type.Object(
  {
    reason: Type.String({ minLength: 1, maxLength: 200 }),
    at: EpochMs,
    by: Type.String({ minLength: 1, maxLength: 64 }),
  },
  { additionalProperties: false },
);

export const OrderLineSchema = Type.Object(
  {
    lineId: Id,
    itemId: Id,
    name: Name,
    /** 酒水, 小吃, 果盘, ... (member discounts are per category). */
    category: Type.String({ minLength: 1, maxLength: 64 }),
    unitPriceFen: Fen,
    qty: Type.Integer({ minimum: 1, maximum: 10_000 }),
    /** 退单: the line stays on the bill at 0 fen with its reason. */
    voided: Type.Optional(VoidSchema),
  },
  { additionalProperties: false },
);
export type OrderLine = Static<typeof OrderLineSchema>;

export const SessionInputSchema = Type.Object(
  {
    /**
     * The rooms the party used, in time order: moving rooms (换房) starts a new segment, each priced by
     * its own room type; extending (续钟) is just a later endAt.
     */
    segments: Type.Array(SegmentSchema, { minItems: 1, maxItems: 100 }),
    /** 套餐: starts with the session (the first segment's start). */
    packageId: Type.Optional(Id),
    memberLevel: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    orders: Type.Array(OrderLineSchema, { default: [], maxItems: 10_000 }),
    /** 整单折扣: percent off room fee and orders, after member discounts. */
    manualDiscountPct: Type.Optional(Pct),
  },
  { additionalProperties: false },
);
export type SessionInput = Static<typeof SessionInputSchema>;

export const BILL_LINE_KINDS = [
  'time',
  'rounding',
  'package',
  'overtime',
  'order',
  'void',
  'discount',
  'minimumSpend',
  'serviceCharge',
  'roundDown',
] as const;
export type BillLineKind = (typeof BILL_LINE_KINDS)[number];

export const BillLineSchema = Type.Object(
  {
    kind: Type.Union(BILL_LINE_KINDS.map((k) => Type.Literal(k))),
    /** zh-CN, in the trade's words (房费, 套餐, 超时, 退单, 会员折扣, 最低消费补足, 服务费, 抹零). */
    label: Type.String(),
    room: Type.Optional(Type.String()),
    roomType: Type.Optional(Type.String()),
    period: Type.Optional(Type.String()),
    /** ms epoch of the piece (time, overtime, package). */
    from: Type.Optional(Type.Integer()),
    to: Type.Optional(Type.Integer()),
    seconds: Type.Optional(Type.Integer()),
    /** Rounded minutes (for display); `seconds` is exact. */
    minutes: Type.Optional(Type.Number()),
    rateFenPerHour: Type.Optional(Type.Integer()),
    qty: Type.Optional(Type.Integer()),
    unitPriceFen: Type.Optional(Type.Integer()),
    /** Signed: discounts, 抹零 and dropped grace time are negative. */
    amountFen: Type.Integer(),
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type BillLine = Static<typeof BillLineSchema>;

export const BillSchema = Type.Object(
  {
    lines: Type.Array(BillLineSchema),
    /** Time + rounding + package + overtime, before discounts. */
    roomFeeFen: Type.Integer(),
    /** Orders (voided lines excluded), before discounts. */
    ordersFen: Type.Integer(),
    /** Every discount line, as a positive number. */
    discountFen: Type.Integer(),
    serviceChargeFen: Type.Integer(),
    minimumSpendTopUpFen: Type.Integer(),
    /** 抹零, as a positive number. */
    roundDownFen: Type.Integer(),
    /** roomFee + orders - discount + minimumSpendTopUp + serviceCharge - roundDown = sum of lines. */
    totalFen: Type.Integer(),
  },
  { additionalProperties: false },
);
export type Bill = Static<typeof BillSchema>;
