import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BillingError } from './errors.js';
import { quoteBill } from './quote.js';
import type { RatePlan, SessionInput } from './schemas.js';
import { order, perMinute, seg, session, sh, summary, testPlan, unitPlan } from './test-fixtures.js';
import { validateRatePlan, validateSessionInput } from './validate.js';

interface Row {
  readonly name: string;
  readonly plan: RatePlan;
  readonly session: SessionInput;
  /** summary() of every line, in order. */
  readonly lines: readonly string[];
  readonly total: number;
}

const small = (from: string, to: string) => seg('101', 'small', sh(from), sh(to));
const medium = (from: string, to: string) => seg('201', 'medium', sh(from), sh(to));
const only = (from: string, to: string, more: Partial<SessionInput> = {}) => session([small(from, to)], more);

function runTable(rows: readonly Row[]): void {
  for (const row of rows) {
    test(row.name, () => {
      assert.ok(validateRatePlan(row.plan).ok, 'the plan is valid');
      assert.ok(validateSessionInput(row.session).ok, 'the session is valid');
      const bill = quoteBill(row.plan, row.session);
      assert.deepEqual(bill.lines.map(summary), row.lines);
      assert.equal(bill.totalFen, row.total);
      // The bill adds up: the lines, and the totals.
      assert.equal(
        bill.lines.reduce((s, l) => s + l.amountFen, 0),
        bill.totalFen,
      );
      assert.equal(
        bill.roomFeeFen +
          bill.ordersFen -
          bill.discountFen +
          bill.minimumSpendTopUpFen +
          bill.serviceChargeFen -
          bill.roundDownFen,
        bill.totalFen,
      );
      for (const l of bill.lines) assert.ok(Number.isInteger(l.amountFen) && l.label.length > 0);
    });
  }
}

describe('quoteBill: periods (per-minute billing, no grace)', () => {
  runTable([
    {
      name: 'one period: Monday 19:00-21:00 黄金档 at 120元/h',
      plan: perMinute(),
      session: only('2026-11-23 19:00', '2026-11-23 21:00'),
      lines: ['time 黄金档 7200 24000'],
      total: 24000,
    },
    {
      name: 'two periods: Monday 17:00-19:30 午场 then 黄金档',
      plan: perMinute(),
      session: only('2026-11-23 17:00', '2026-11-23 19:30'),
      lines: ['time 午场 3600 6000', 'time 黄金档 5400 18000'],
      total: 24000,
    },
    {
      name: 'three periods across midnight: Monday 16:00 - Tuesday 02:00; 黄金档 18-01 is one piece',
      plan: perMinute(),
      session: only('2026-11-23 16:00', '2026-11-24 02:00'),
      lines: ['time 午场 7200 12000', 'time 黄金档 25200 84000', 'time 通宵 3600 3000'],
      total: 99000,
    },
    {
      name: 'a period crossing midnight belongs to the day it starts: Friday 23:00 - Saturday 02:00 at Friday prices',
      plan: perMinute(),
      session: only('2026-11-27 23:00', '2026-11-28 02:00'),
      lines: ['time 黄金档 7200 36000', 'time 通宵 3600 3000'],
      total: 39000,
    },
    {
      name: 'Sunday 00:30 is still Saturday night: 黄金档 at the weekend price',
      plan: perMinute(),
      session: only('2026-11-29 00:30', '2026-11-29 01:00'),
      lines: ['time 黄金档 1800 9000'],
      total: 9000,
    },
    {
      name: 'weekend 午场: Saturday 13:00-15:00 at 90元/h',
      plan: perMinute(),
      session: only('2026-11-28 13:00', '2026-11-28 15:00'),
      lines: ['time 午场 7200 18000'],
      total: 18000,
    },
    {
      name: 'holiday replaces the weekday: Wednesday 2026-11-25 13:00-15:00 at the holiday price',
      plan: perMinute(),
      session: only('2026-11-25 13:00', '2026-11-25 15:00'),
      lines: ['time 午场 7200 18000'],
      total: 18000,
    },
    {
      name: 'the night before a holiday is priced by its own day: Tuesday 23:00 - Wednesday 00:30',
      plan: perMinute(),
      session: only('2026-11-24 23:00', '2026-11-25 00:30'),
      lines: ['time 黄金档 5400 18000'],
      total: 18000,
    },
    {
      name: 'the holiday night runs past midnight at the holiday price: Wednesday 23:30 - Thursday 00:30',
      plan: perMinute(),
      session: only('2026-11-25 23:30', '2026-11-26 00:30'),
      lines: ['time 黄金档 3600 18000'],
      total: 18000,
    },
    {
      name: '12-hour session: Monday 12:00-24:00',
      plan: perMinute(),
      session: only('2026-11-23 12:00', '2026-11-24 00:00'),
      lines: ['time 午场 21600 36000', 'time 黄金档 21600 72000'],
      total: 108000,
    },
    {
      name: 'a 24-hour period restarts at midnight: 大包 Monday 23:00 - Tuesday 01:00 is two pieces',
      plan: perMinute(),
      session: session([seg('301', 'large', sh('2026-11-23 23:00'), sh('2026-11-24 01:00'))]),
      lines: ['time 全天 3600 30000', 'time 全天 3600 30000'],
      total: 60000,
    },
  ]);
});

describe('quoteBill: billing unit and grace (15 min, grace 5 min, 黄金档 200 fen/min)', () => {
  runTable([
    {
      name: 'exactly one hour: nothing added',
      plan: unitPlan(),
      session: only('2026-11-23 19:00', '2026-11-23 20:00'),
      lines: ['time 黄金档 3600 12000'],
      total: 12000,
    },
    {
      name: 'exactly the grace over (65:00): the 5 minutes are dropped',
      plan: unitPlan(),
      session: only('2026-11-23 19:00', '2026-11-23 20:05'),
      lines: ['time 黄金档 3900 13000', 'rounding 黄金档 -300 -1000'],
      total: 12000,
    },
    {
      name: 'one second over the grace (65:01): rounded up to 75 minutes',
      plan: unitPlan(),
      session: only('2026-11-23 19:00', '2026-11-23 20:05:01'),
      lines: ['time 黄金档 3901 13003', 'rounding 黄金档 599 1997'],
      total: 15000,
    },
    {
      name: 'without grace, 61 minutes are 75',
      plan: unitPlan({ graceMin: 0 }),
      session: only('2026-11-23 19:00', '2026-11-23 20:01'),
      lines: ['time 黄金档 3660 12200', 'rounding 黄金档 840 2800'],
      total: 15000,
    },
    {
      name: 'the added minutes are priced at the period the session ends in',
      plan: unitPlan(),
      session: only('2026-11-23 17:00', '2026-11-23 18:10'),
      lines: ['time 午场 3600 6000', 'time 黄金档 600 2000', 'rounding 黄金档 300 1000'],
      total: 9000,
    },
    {
      name: 'the dropped minutes are priced at the period the session ends in',
      plan: unitPlan(),
      session: only('2026-11-23 16:00', '2026-11-23 18:03'),
      lines: ['time 午场 7200 12000', 'time 黄金档 180 600', 'rounding 黄金档 -180 -600'],
      total: 12000,
    },
    {
      name: 'very short: 1 minute with grace is free, and the minimum spend still applies',
      plan: testPlan(),
      session: only('2026-11-23 19:00', '2026-11-23 19:01'),
      lines: ['time 黄金档 60 200', 'rounding 黄金档 -60 -200', 'minimumSpend 最低消费补足  20000'],
      total: 20000,
    },
    {
      name: 'very short: 1 minute without grace is one unit',
      plan: unitPlan({ graceMin: 0 }),
      session: only('2026-11-23 13:00', '2026-11-23 13:01'),
      lines: ['time 午场 60 100', 'rounding 午场 840 1400'],
      total: 1500,
    },
    {
      name: 'per minute: 10 seconds are charged as one minute',
      plan: perMinute(),
      session: only('2026-11-23 13:00:00', '2026-11-23 13:00:10'),
      lines: ['time 午场 10 17', 'rounding 午场 50 83'],
      total: 100,
    },
    {
      name: 'round half up at .5 fen: 1 s at 90元/h is 2.5 -> 3 fen, 59 s is 147.5 -> 148',
      plan: perMinute(),
      session: only('2026-11-28 13:00:00', '2026-11-28 13:00:01'),
      lines: ['time 午场 1 3', 'rounding 午场 59 148'],
      total: 151,
    },
  ]);
});

describe('quoteBill: extension and room change', () => {
  runTable([
    {
      name: 'before the extension (续钟): one hour',
      plan: unitPlan(),
      session: only('2026-11-23 19:00', '2026-11-23 20:00'),
      lines: ['time 黄金档 3600 12000'],
      total: 12000,
    },
    {
      name: 'after the extension: the same session with a later end',
      plan: unitPlan(),
      session: only('2026-11-23 19:00', '2026-11-23 21:00'),
      lines: ['time 黄金档 7200 24000'],
      total: 24000,
    },
    {
      name: 'room change (换房): each segment priced by its own room type',
      plan: unitPlan(),
      session: session([small('2026-11-23 19:00', '2026-11-23 20:00'), medium('2026-11-23 20:00', '2026-11-23 21:30')]),
      lines: ['time 黄金档 3600 12000', 'time 黄金档 5400 36000'],
      total: 48000,
    },
    {
      name: 'room change: the billing unit applies to the whole session, at the last room type',
      plan: unitPlan(),
      session: session([small('2026-11-23 19:00', '2026-11-23 19:20'), medium('2026-11-23 19:20', '2026-11-23 20:10')]),
      lines: ['time 黄金档 1200 4000', 'time 黄金档 3000 20000', 'rounding 黄金档 300 2000'],
      total: 26000,
    },
  ]);
});

describe('quoteBill: packages', () => {
  runTable([
    {
      name: 'package, closing on time: fixed price, included items at 0 fen',
      plan: testPlan(),
      session: only('2026-11-23 13:00', '2026-11-23 16:00', { packageId: 'afternoon' }),
      lines: ['package 套餐 午场3小时 10800 9900', 'order 果盘 1 0'],
      total: 9900,
    },
    {
      name: 'package, closing early: still the fixed price',
      plan: testPlan(),
      session: only('2026-11-23 13:00', '2026-11-23 14:00', { packageId: 'afternoon' }),
      lines: ['package 套餐 午场3小时 10800 9900', 'order 果盘 1 0'],
      total: 9900,
    },
    {
      name: 'package with overtime: charged by the schedule from the package end, rounded to the unit',
      plan: testPlan(),
      session: only('2026-11-23 13:00', '2026-11-23 18:10', { packageId: 'afternoon' }),
      lines: [
        'package 套餐 午场3小时 10800 9900',
        'order 果盘 1 0',
        'overtime 午场 7200 12000',
        'overtime 黄金档 600 2000',
        'rounding 黄金档 300 1000',
      ],
      total: 24900,
    },
    {
      name: 'package with overtime within the grace: not charged',
      plan: testPlan(),
      session: only('2026-11-23 13:00', '2026-11-23 16:04', { packageId: 'afternoon' }),
      lines: [
        'package 套餐 午场3小时 10800 9900',
        'order 果盘 1 0',
        'overtime 午场 240 400',
        'rounding 午场 -240 -400',
      ],
      total: 9900,
    },
    {
      name: 'overnight package: start window crossing midnight (01:59 is inside)',
      plan: testPlan(),
      session: only('2026-11-24 01:59', '2026-11-24 07:59', { packageId: 'overnight' }),
      lines: ['package 套餐 通宵套餐 21600 19900'],
      total: 19900,
    },
    {
      name: 'package, then a move to another room type it covers: no extra time line',
      plan: testPlan(),
      session: session(
        [small('2026-11-23 13:00', '2026-11-23 14:00'), medium('2026-11-23 14:00', '2026-11-23 16:30')],
        { packageId: 'afternoon' },
      ),
      lines: ['package 套餐 午场3小时 10800 9900', 'order 果盘 1 0', 'overtime 午场 1800 6000'],
      total: 15900,
    },
  ]);

  const refusals: { name: string; session: SessionInput; code: string }[] = [
    {
      name: 'before the start window',
      session: only('2026-11-23 11:59', '2026-11-23 14:00', { packageId: 'afternoon' }),
      code: 'KTV_E_BILL_PACKAGE_WINDOW',
    },
    {
      name: 'at the window end (the end is excluded)',
      session: only('2026-11-23 15:00', '2026-11-23 16:00', { packageId: 'afternoon' }),
      code: 'KTV_E_BILL_PACKAGE_WINDOW',
    },
    {
      name: 'on a day it is not sold (Saturday)',
      session: only('2026-11-28 13:00', '2026-11-28 16:00', { packageId: 'afternoon' }),
      code: 'KTV_E_BILL_PACKAGE_WINDOW',
    },
    {
      name: 'overnight package at 02:00 (window end)',
      session: only('2026-11-24 02:00', '2026-11-24 04:00', { packageId: 'overnight' }),
      code: 'KTV_E_BILL_PACKAGE_WINDOW',
    },
    {
      name: 'a room type the package is not sold for',
      session: session([seg('301', 'large', sh('2026-11-23 13:00'), sh('2026-11-23 16:00'))], {
        packageId: 'afternoon',
      }),
      code: 'KTV_E_BILL_PACKAGE_ROOM_TYPE',
    },
    {
      name: 'an unknown package',
      session: only('2026-11-23 13:00', '2026-11-23 16:00', { packageId: 'nope' }),
      code: 'KTV_E_BILL_PACKAGE',
    },
    {
      name: 'an unknown room type',
      session: session([seg('999', 'presidential', sh('2026-11-23 13:00'), sh('2026-11-23 16:00'))]),
      code: 'KTV_E_BILL_ROOM_TYPE',
    },
    {
      name: 'an unknown member level',
      session: only('2026-11-23 13:00', '2026-11-23 16:00', { memberLevel: 'platinum' }),
      code: 'KTV_E_BILL_MEMBER_LEVEL',
    },
    {
      name: 'segments out of order',
      session: session([small('2026-11-23 13:00', '2026-11-23 14:00'), medium('2026-11-23 13:30', '2026-11-23 15:00')]),
      code: 'KTV_E_BILL_SEGMENTS',
    },
  ];
  for (const r of refusals) {
    test(`refused with a clear code: ${r.name}`, () => {
      assert.throws(
        () => quoteBill(testPlan(), r.session),
        (e: unknown) => e instanceof BillingError && e.code === r.code && e.message.length > 10,
      );
    });
  }
});

describe('quoteBill: orders, minimum spend, service charge, discounts, 抹零', () => {
  const beer = order('o1', '啤酒', '酒水', 3000, 2);
  const nuts = order('o2', '开心果', '小吃', 1500);
  runTable([
    {
      name: 'minimum spend: 1 hour of 黄金档 (120元) is topped up to 200元',
      plan: testPlan(),
      session: only('2026-11-23 19:00', '2026-11-23 20:00'),
      lines: ['time 黄金档 3600 12000', 'minimumSpend 最低消费补足  8000'],
      total: 20000,
    },
    {
      name: 'minimum spend counts orders',
      plan: testPlan(),
      session: only('2026-11-23 19:00', '2026-11-23 20:00', { orders: [beer] }),
      lines: ['time 黄金档 3600 12000', 'order 啤酒 2 6000', 'minimumSpend 最低消费补足  2000'],
      total: 20000,
    },
    {
      name: 'minimum spend reached: no line',
      plan: testPlan(),
      session: only('2026-11-23 19:00', '2026-11-23 20:00', { orders: [beer, beer] }),
      lines: ['time 黄金档 3600 12000', 'order 啤酒 2 6000', 'order 啤酒 2 6000'],
      total: 24000,
    },
    {
      name: 'minimum spend is that of the period the session starts in (午场: none)',
      plan: testPlan(),
      session: only('2026-11-23 17:30', '2026-11-23 18:30'),
      lines: ['time 午场 1800 3000', 'time 黄金档 1800 6000'],
      total: 9000,
    },
    {
      name: 'a voided line stays on the bill at 0 fen with its reason',
      plan: testPlan(),
      session: only('2026-11-23 13:00', '2026-11-23 14:00', {
        orders: [nuts, { ...beer, voided: { reason: '客人退', at: sh('2026-11-23 13:30'), by: 'staff-7' } }],
      }),
      lines: ['time 午场 3600 6000', 'order 开心果 1 1500', 'void 退单 啤酒 2 0'],
      total: 7500,
    },
    {
      name: 'service charge 10% of the room fee (not of orders)',
      plan: testPlan({ serviceChargePct: 10 }),
      session: only('2026-11-23 19:00', '2026-11-23 21:00', { orders: [beer] }),
      lines: ['time 黄金档 7200 24000', 'order 啤酒 2 6000', 'serviceCharge 服务费 10%  2400'],
      total: 32400,
    },
    {
      name: 'member discounts: 9折 room fee, 8折 酒水, nothing off 小吃; service charge on the discounted room fee',
      plan: testPlan({ serviceChargePct: 10 }),
      session: only('2026-11-23 19:00', '2026-11-23 21:00', { memberLevel: 'gold', orders: [beer, nuts] }),
      lines: [
        'time 黄金档 7200 24000',
        'order 啤酒 2 6000',
        'order 开心果 1 1500',
        'discount 会员折扣 金卡 房费 9折  -2400',
        'discount 会员折扣 金卡 酒水 8折  -1200',
        'serviceCharge 服务费 10%  2160',
      ],
      total: 30060,
    },
    {
      name: 'member discount is not taken off a package price',
      plan: testPlan(),
      session: only('2026-11-23 13:00', '2026-11-23 16:00', { packageId: 'afternoon', memberLevel: 'gold' }),
      lines: ['package 套餐 午场3小时 10800 9900', 'order 果盘 1 0'],
      total: 9900,
    },
    {
      name: 'manual discount after the member discount; discounts rounded half up',
      plan: testPlan(),
      session: only('2026-11-23 19:00', '2026-11-23 21:00', {
        memberLevel: 'diamond',
        manualDiscountPct: 5,
        orders: [order('o3', '果盘', '果盘', 2990)],
      }),
      // room 24000 - 12% = 21120; manual 5% of 21120 = 1056 and of 2990 = 149.5 -> 150
      lines: [
        'time 黄金档 7200 24000',
        'order 果盘 1 2990',
        'discount 会员折扣 钻石 房费 8.8折  -2880',
        'discount 整单折扣 9.5折  -1206',
      ],
      total: 22904,
    },
    {
      name: 'discounts can bring the bill under the minimum spend: topped up after discounts',
      plan: testPlan(),
      session: only('2026-11-23 19:00', '2026-11-23 20:00', { memberLevel: 'gold', orders: [beer] }),
      lines: [
        'time 黄金档 3600 12000',
        'order 啤酒 2 6000',
        'discount 会员折扣 金卡 房费 9折  -1200',
        'discount 会员折扣 金卡 酒水 8折  -1200',
        'minimumSpend 最低消费补足  4400',
      ],
      total: 20000,
    },
    {
      name: 'rounding none: 63.45元 stays',
      plan: testPlan({ rounding: 'none' }),
      session: only('2026-11-23 13:00', '2026-11-23 14:00', { orders: [order('o4', '纸巾', '小吃', 345)] }),
      lines: ['time 午场 3600 6000', 'order 纸巾 1 345'],
      total: 6345,
    },
    {
      name: 'rounding jiao: 63.45元 -> 63.40元',
      plan: testPlan({ rounding: 'jiao' }),
      session: only('2026-11-23 13:00', '2026-11-23 14:00', { orders: [order('o4', '纸巾', '小吃', 345)] }),
      lines: ['time 午场 3600 6000', 'order 纸巾 1 345', 'roundDown 抹零  -5'],
      total: 6340,
    },
    {
      name: 'rounding yuan: 63.45元 -> 63元 (down, never up)',
      plan: testPlan({ rounding: 'yuan' }),
      session: only('2026-11-23 13:00', '2026-11-23 14:00', { orders: [order('o4', '纸巾', '小吃', 399)] }),
      lines: ['time 午场 3600 6000', 'order 纸巾 1 399', 'roundDown 抹零  -99'],
      total: 6300,
    },
  ]);
});

/** America/New_York: 2026-03-08 02:00 EST -> 03:00 EDT; 2026-11-01 02:00 EDT -> 01:00 EST. */
describe('quoteBill: a daylight-saving time zone', () => {
  const ny = (periods: RatePlan['roomTypes'][string]['periods']): RatePlan =>
    perMinute({ timeZone: 'America/New_York', holidays: {}, packages: [], roomTypes: { small: { periods } } });
  const nightAndDay = ny([
    {
      name: '通宵',
      days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
      start: '22:00',
      end: '06:00',
      pricePerHourFen: 3600,
    },
    {
      name: '白天',
      days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
      start: '06:00',
      end: '22:00',
      pricePerHourFen: 7200,
    },
  ]);
  const split = ny([
    {
      name: 'A',
      days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
      start: '00:00',
      end: '02:30',
      pricePerHourFen: 3600,
    },
    {
      name: 'B',
      days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
      start: '02:30',
      end: '24:00',
      pricePerHourFen: 7200,
    },
  ]);
  const at = (iso: string) => Date.parse(iso);
  runTable([
    {
      name: 'spring forward: 23:00 EST - 07:00 EDT is 7 hours; the night piece is 6 real hours',
      plan: nightAndDay,
      session: session([seg('1', 'small', at('2026-03-07T23:00:00-05:00'), at('2026-03-08T07:00:00-04:00'))]),
      lines: ['time 通宵 21600 21600', 'time 白天 3600 7200'],
      total: 28800,
    },
    {
      name: 'fall back: 23:00 EDT - 07:00 EST is 9 hours; the night piece is 8 real hours',
      plan: nightAndDay,
      session: session([seg('1', 'small', at('2026-10-31T23:00:00-04:00'), at('2026-11-01T07:00:00-05:00'))]),
      lines: ['time 通宵 28800 28800', 'time 白天 3600 7200'],
      total: 36000,
    },
    {
      name: 'spring forward: a boundary (02:30) inside the missing hour takes effect at 03:00',
      plan: split,
      session: session([seg('1', 'small', at('2026-03-08T01:00:00-05:00'), at('2026-03-08T04:00:00-04:00'))]),
      lines: ['time A 3600 3600', 'time B 3600 7200'],
      total: 10800,
    },
    {
      name: 'fall back: 01:00-02:00 happens twice, both in the same piece',
      plan: split,
      session: session([seg('1', 'small', at('2026-11-01T00:00:00-04:00'), at('2026-11-01T03:00:00-05:00'))]),
      lines: ['time A 12600 12600', 'time B 1800 3600'],
      total: 16200,
    },
  ]);
});

describe('quoteBill: pure and exact', () => {
  test('the pieces cover the whole session, second for second, over a week of random sessions', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const plan = perMinute();
    for (let i = 0; i < 300; i++) {
      const start = sh('2026-11-23 00:00') + Math.floor(random() * 7 * 86_400) * 1000;
      const end = start + Math.floor(random() * 14 * 3600) * 1000;
      const bill = quoteBill(plan, session([seg('101', 'small', start, end)]));
      const seconds = bill.lines.filter((l) => l.kind === 'time').reduce((s, l) => s + (l.seconds ?? 0), 0);
      assert.equal(seconds, (end - start) / 1000);
      assert.ok(bill.totalFen >= 0);
    }
  });

  test('quoteBill does not change its inputs', () => {
    const plan = testPlan();
    const s = only('2026-11-23 19:00', '2026-11-23 21:00', {
      memberLevel: 'gold',
      orders: [order('a', 'b', '酒水', 100)],
    });
    const before = JSON.stringify([plan, s]);
    quoteBill(plan, s);
    assert.equal(JSON.stringify([plan, s]), before);
  });
});
