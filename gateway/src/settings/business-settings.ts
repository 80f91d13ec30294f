import { compile } from '@ktv/protocol';
import { type Static, Type } from '@sinclair/typebox';
import { type Period, type RatePlan, RatePlanSchema } from '../billing/schemas.js';

/**
 * The business part of DATA/settings.json (rooms as a business, issue #5): room types, which room
 * is which type, rate plans (with their packages and member levels) and the menu with stock.
 * Seeded with a demo price list on first start; an admin edits it like the rest of settings.
 */
export const RoomTypeSchema = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64 }), name: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);

export const MenuItemSchema = Type.Object(
  {
    itemId: Type.String({ minLength: 1, maxLength: 64 }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    /** 酒水, 小吃, 果盘 (member discounts are per category). */
    category: Type.String({ minLength: 1, maxLength: 64 }),
    priceFen: Type.Integer({ minimum: 0 }),
    /** Count at the last stocktake; what is left = this - net quantity sold since (journal). */
    stock: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type MenuItem = Static<typeof MenuItemSchema>;

export const BusinessSettingsSchema = Type.Object(
  {
    roomTypes: Type.Array(RoomTypeSchema, { minItems: 1 }),
    /** room id -> room type id; a room not listed takes the type whose name its room name contains, else the first. */
    roomTypeByRoom: Type.Record(Type.String(), Type.String({ minLength: 1, maxLength: 64 }), { default: {} }),
    ratePlans: Type.Array(RatePlanSchema, { minItems: 1 }),
    menu: Type.Array(MenuItemSchema),
  },
  { additionalProperties: false },
);
export type BusinessSettings = Static<typeof BusinessSettingsSchema>;
export type RoomType = Static<typeof RoomTypeSchema>;

export const validateBusinessSettings = compile(BusinessSettingsSchema);

/** The room type of a room: configured, else named in the room's name ("101 小包"), else the first. */
export function roomTypeFor(settings: BusinessSettings, room: string, roomName?: string): RoomType {
  const configured = settings.roomTypeByRoom[room];
  const byId = settings.roomTypes.find((t) => t.id === configured);
  if (byId) return byId;
  const named = roomName ? settings.roomTypes.find((t) => roomName.includes(t.name)) : undefined;
  return named ?? (settings.roomTypes[0] as RoomType);
}

// ---------------------------------------------------------------------------------------------
// The demo price list (a typical mid-range KTV in a Chinese city, prices in fen).

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'sun'];
const WEEKEND = ['fri', 'sat', 'holiday'];

/** 午场 10-18, 黄金档 18-22, 晚场 22-02, 通宵 02-10: the whole day, weekday and weekend prices. */
function periods(
  weekday: [number, number, number, number],
  weekend: [number, number, number, number],
  minSpend: number,
): Period[] {
  const bands: [string, string, string][] = [
    ['午场', '10:00', '18:00'],
    ['黄金档', '18:00', '22:00'],
    ['晚场', '22:00', '02:00'],
    ['通宵', '02:00', '10:00'],
  ];
  const out: Period[] = [];
  bands.forEach(([name, start, end], i) => {
    const primeSpend = name === '黄金档' ? minSpend : 0;
    out.push({ name, days: WEEKDAYS, start, end, pricePerHourFen: weekday[i] ?? 0, minimumSpendFen: primeSpend });
    out.push({ name, days: WEEKEND, start, end, pricePerHourFen: weekend[i] ?? 0, minimumSpendFen: primeSpend });
  });
  return out;
}

export function demoRatePlan(): RatePlan {
  return {
    id: 'standard',
    name: '标准价目表',
    timeZone: 'Asia/Shanghai',
    billingUnitMin: 15,
    graceMin: 5,
    rounding: 'jiao',
    serviceChargePct: 0,
    holidays: {
      '2026-10-01': 'holiday',
      '2026-10-02': 'holiday',
      '2026-10-03': 'holiday',
      '2026-10-04': 'holiday',
      '2026-10-05': 'holiday',
      '2026-10-06': 'holiday',
      '2026-10-07': 'holiday',
      '2027-01-01': 'holiday',
      '2027-02-06': 'holiday',
      '2027-02-07': 'holiday',
      '2027-02-08': 'holiday',
      '2027-02-09': 'holiday',
      '2027-02-10': 'holiday',
    },
    roomTypes: {
      small: { name: '小包', periods: periods([3800, 8800, 6800, 2800], [4800, 10800, 8800, 3800], 0) },
      medium: { name: '中包', periods: periods([5800, 12800, 9800, 3800], [6800, 15800, 12800, 4800], 0) },
      large: { name: '大包', periods: periods([7800, 16800, 12800, 4800], [9800, 19800, 15800, 5800], 30000) },
      deluxe: { name: '豪华包', periods: periods([12800, 26800, 19800, 7800], [15800, 32800, 25800, 9800], 80000) },
    },
    packages: [
      {
        id: 'afternoon-3h',
        name: '午场欢唱3小时',
        roomTypes: ['small', 'medium'],
        priceFen: 9900,
        durationMin: 180,
        startWindow: { start: '10:00', end: '15:00' },
        includedItems: [{ itemId: 'tsingtao', name: '青岛啤酒', qty: 4 }],
      },
      {
        id: 'prime-4h',
        name: '黄金档4小时套餐',
        roomTypes: ['large', 'deluxe'],
        priceFen: 59800,
        durationMin: 240,
        startWindow: { start: '18:00', end: '21:00' },
        includedItems: [
          { itemId: 'tsingtao', name: '青岛啤酒', qty: 12 },
          { itemId: 'fruit-large', name: '大果盘', qty: 1 },
        ],
      },
      {
        id: 'overnight',
        name: '通宵畅唱',
        roomTypes: ['small', 'medium', 'large'],
        priceFen: 12800,
        durationMin: 360,
        startWindow: { start: '00:00', end: '03:00' },
        includedItems: [],
      },
    ],
    memberLevels: {
      regular: { name: '普通', roomFeeDiscountPct: 0, categoryDiscountPct: {} },
      silver: { name: '银卡', roomFeeDiscountPct: 10, categoryDiscountPct: { 酒水: 5 } },
      gold: { name: '金卡', roomFeeDiscountPct: 20, categoryDiscountPct: { 酒水: 10, 小吃: 10 } },
      diamond: { name: '钻石', roomFeeDiscountPct: 30, categoryDiscountPct: { 酒水: 15, 小吃: 15, 果盘: 15 } },
    },
  };
}

export function demoBusinessSettings(): BusinessSettings {
  return {
    roomTypes: [
      { id: 'small', name: '小包' },
      { id: 'medium', name: '中包' },
      { id: 'large', name: '大包' },
      { id: 'deluxe', name: '豪华包' },
    ],
    roomTypeByRoom: {},
    ratePlans: [demoRatePlan()],
    menu: [
      { itemId: 'tsingtao', name: '青岛啤酒', category: '酒水', priceFen: 1500, stock: 480 },
      { itemId: 'budweiser', name: '百威啤酒', category: '酒水', priceFen: 1800, stock: 360 },
      { itemId: 'cola', name: '可乐', category: '酒水', priceFen: 800, stock: 200 },
      { itemId: 'green-tea', name: '绿茶', category: '酒水', priceFen: 800, stock: 200 },
      { itemId: 'chivas-12', name: '芝华士12年', category: '酒水', priceFen: 68800, stock: 12 },
      { itemId: 'popcorn', name: '爆米花', category: '小吃', priceFen: 2800, stock: 100 },
      { itemId: 'fries', name: '薯条', category: '小吃', priceFen: 3200, stock: 100 },
      { itemId: 'beef-jerky', name: '牛肉干', category: '小吃', priceFen: 4800, stock: 60 },
      { itemId: 'fruit-small', name: '小果盘', category: '果盘', priceFen: 3800, stock: 40 },
      { itemId: 'fruit-large', name: '大果盘', category: '果盘', priceFen: 6800, stock: 30 },
    ],
  };
}
