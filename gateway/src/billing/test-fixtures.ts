import type { BillLine, OrderLine, RatePlan, Segment, SessionInput } from './schemas.js';

/** Fixtures for the billing tests (round prices so expected amounts can be checked by hand). */

/** "2026-11-23 19:00" (or with :ss) in Shanghai (UTC+8, no DST) -> ms epoch. 2026-11-23 is a Monday. */
export const sh = (wall: string): number =>
  Date.parse(`${wall.replace(' ', 'T')}${wall.length === 16 ? ':00' : ''}+08:00`);

const ALL = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'holiday'];

/**
 * 小包 small: 午场 12-18 (weekday 6000/h = 100 fen/min, weekend/holiday 9000/h), 黄金档 18-01
 * crossing midnight (mon-thu, sun 12000/h min 20000; fri, sat, holiday 18000/h min 30000), 通宵 01-12
 * (3000/h). 中包 medium: twice the prices. 大包 large: 30000/h all day. 2026-11-25 (a Wednesday) is a holiday.
 */
export function testPlan(overrides: Partial<RatePlan> = {}): RatePlan {
  const periods = (k: number) => [
    {
      name: '午场',
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      start: '12:00',
      end: '18:00',
      pricePerHourFen: 6000 * k,
    },
    { name: '午场', days: ['sat', 'sun', 'holiday'], start: '12:00', end: '18:00', pricePerHourFen: 9000 * k },
    {
      name: '黄金档',
      days: ['mon', 'tue', 'wed', 'thu', 'sun'],
      start: '18:00',
      end: '01:00',
      pricePerHourFen: 12000 * k,
      minimumSpendFen: 20000 * k,
    },
    {
      name: '黄金档',
      days: ['fri', 'sat', 'holiday'],
      start: '18:00',
      end: '01:00',
      pricePerHourFen: 18000 * k,
      minimumSpendFen: 30000 * k,
    },
    { name: '通宵', days: ALL, start: '01:00', end: '12:00', pricePerHourFen: 3000 * k },
  ];
  return {
    id: 'test',
    name: '测试价目',
    timeZone: 'Asia/Shanghai',
    billingUnitMin: 15,
    graceMin: 5,
    rounding: 'none',
    serviceChargePct: 0,
    holidays: { '2026-11-25': 'holiday' },
    roomTypes: {
      small: { name: '小包', periods: periods(1) },
      medium: { name: '中包', periods: periods(2) },
      large: {
        name: '大包',
        periods: [{ name: '全天', days: ALL, start: '00:00', end: '00:00', pricePerHourFen: 30000 }],
      },
    },
    packages: [
      {
        id: 'afternoon',
        name: '午场3小时',
        roomTypes: ['small', 'medium'],
        priceFen: 9900,
        durationMin: 180,
        startWindow: { start: '12:00', end: '15:00' },
        days: ['mon', 'tue', 'wed', 'thu', 'fri'],
        includedItems: [{ itemId: 'fruit', name: '果盘', qty: 1 }],
      },
      {
        id: 'overnight',
        name: '通宵套餐',
        roomTypes: ['small', 'medium', 'large'],
        priceFen: 19900,
        durationMin: 360,
        startWindow: { start: '23:00', end: '02:00' },
        includedItems: [],
      },
    ],
    memberLevels: {
      gold: { name: '金卡', roomFeeDiscountPct: 10, categoryDiscountPct: { 酒水: 20, 小吃: 0 } },
      diamond: { name: '钻石', roomFeeDiscountPct: 12, categoryDiscountPct: {} },
    },
    ...overrides,
  };
}

/** The plan without any minimum spend (for the tables about time). */
export function withoutMinimumSpend(plan: RatePlan): RatePlan {
  const roomTypes = Object.fromEntries(
    Object.entries(plan.roomTypes).map(([k, rt]) => [
      k,
      { ...rt, periods: rt.periods.map(({ minimumSpendFen: _, ...p }) => p) },
    ]),
  );
  return { ...plan, roomTypes };
}

/** Billing unit 15 min, grace 5 min, no minimum spend. */
export const unitPlan = (overrides: Partial<RatePlan> = {}) => withoutMinimumSpend(testPlan(overrides));

/** Per-minute billing, no grace, no minimum spend: the pieces' amounts (plus up to 59 s of rounding). */
export const perMinute = (overrides: Partial<RatePlan> = {}) =>
  withoutMinimumSpend(testPlan({ billingUnitMin: 1, graceMin: 0, ...overrides }));

export function seg(room: string, roomType: string, startAt: number, endAt: number): Segment {
  return { room, roomType, startAt, endAt };
}

export function session(segments: Segment[], more: Partial<SessionInput> = {}): SessionInput {
  return { segments, orders: [], ...more };
}

export function order(lineId: string, name: string, category: string, unitPriceFen: number, qty = 1): OrderLine {
  return { lineId, itemId: name, name, category, unitPriceFen, qty };
}

/** One bill line as a short string: "kind period-or-label seconds-or-qty amount". */
export function summary(line: BillLine): string {
  const what = line.period && line.kind !== 'minimumSpend' ? line.period : line.label;
  const amount = line.seconds ?? line.qty;
  return [line.kind, what, amount === undefined ? '' : String(amount), String(line.amountFen)].join(' ');
}
