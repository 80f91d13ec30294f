import { createHash } from 'node:crypto';
import { BillingError, BillingErrorCodes, type RatePlan } from '../../billing/index.js';
import type { BusinessSettings, MenuItem } from '../../settings/business-settings.js';
import { BusinessError } from '../errors.js';
import { type RoomAction, transition } from '../room-state/room-state.js';
import { type BusinessState, currentRoom, planOf, roomOf, type Session } from './model.js';
import type { BusinessRecord } from './records.js';
import { billOf } from './views.js';

/** What a decision may look at besides the state: pure inputs, given by the service. */
export interface DecideContext {
  at: number;
  by: string;
  settings: BusinessSettings;
  roomExists(room: string): boolean;
  roomTypeOf(room: string): string;
  newId(): string;
}

export interface OpenRequest {
  ratePlanId: string;
  packageId?: string;
  memberLevel?: string;
  prepaidMinutes?: number;
}

function knownRoom(ctx: DecideContext, room: string): void {
  if (!ctx.roomExists(room)) throw new BusinessError('ROOM_UNKNOWN', `no room ${room}`);
}

function checkTransition(state: BusinessState, room: string, action: RoomAction): void {
  const t = transition(room, roomOf(state, room).state, action);
  if (!t.ok) throw new BusinessError('ROOM_STATE', t.message);
}

export function openSessionOf(state: BusinessState, sessionId: string): Session {
  const s = state.open[sessionId];
  if (s) return s;
  if (state.closed.some((c) => c.sessionId === sessionId)) {
    throw new BusinessError('SESSION_CLOSED', `session ${sessionId} is checked out`);
  }
  throw new BusinessError('SESSION_UNKNOWN', `no session ${sessionId}`);
}

const billingToBusiness: Partial<Record<string, ConstructorParameters<typeof BusinessError>[0]>> = {
  [BillingErrorCodes.PACKAGE_WINDOW]: 'PACKAGE_WINDOW',
  [BillingErrorCodes.PACKAGE_ROOM_TYPE]: 'PACKAGE_ROOM_TYPE',
  [BillingErrorCodes.PACKAGE]: 'PACKAGE_UNKNOWN',
  [BillingErrorCodes.MEMBER_LEVEL]: 'MEMBER_LEVEL_UNKNOWN',
};

/** `${id}@${hash of the plan's content}`: a new version of a plan gets a new key. */
export function planKeyOf(plan: RatePlan): string {
  const hash = createHash('sha256').update(JSON.stringify(plan)).digest('hex').slice(0, 16);
  return `${plan.id}@${hash}`;
}

/** 开房 / 买钟: refused unless the room may open and the session fits the plan (asked of quoteBill). */
export function decideOpen(state: BusinessState, ctx: DecideContext, room: string, req: OpenRequest): BusinessRecord {
  knownRoom(ctx, room);
  checkTransition(state, room, 'open');
  const plan: RatePlan | undefined = ctx.settings.ratePlans.find((p) => p.id === req.ratePlanId);
  if (!plan) throw new BusinessError('PLAN_UNKNOWN', `no rate plan ${req.ratePlanId}`);
  const roomType = ctx.roomTypeOf(room);
  const pkg = req.packageId === undefined ? undefined : plan.packages.find((p) => p.id === req.packageId);
  if (req.packageId !== undefined && !pkg) {
    throw new BusinessError('PACKAGE_UNKNOWN', `rate plan ${plan.id} has no package ${req.packageId}`);
  }
  if (pkg && !pkg.roomTypes.includes(roomType)) {
    throw new BusinessError('PACKAGE_ROOM_TYPE', `package ${pkg.id} is not sold for room ${room} (${roomType})`);
  }
  if (req.memberLevel !== undefined && !plan.memberLevels[req.memberLevel]) {
    throw new BusinessError('MEMBER_LEVEL_UNKNOWN', `rate plan ${plan.id} has no member level ${req.memberLevel}`);
  }
  const minutes = (pkg?.durationMin ?? 0) + (req.prepaidMinutes ?? 0);
  const planKey = planKeyOf(plan);
  const sessionId = ctx.newId();
  const session: Session = {
    sessionId,
    openedAt: ctx.at,
    plannedEndAt: minutes > 0 ? ctx.at + minutes * 60_000 : null,
    ratePlanId: plan.id,
    planKey,
    packageId: pkg?.id ?? null,
    memberLevel: req.memberLevel ?? null,
    segments: [{ room, roomType, startAt: ctx.at, endAt: null }],
    orders: [],
    closedAt: null,
    bill: null,
  };
  try {
    billOf(session, plan, ctx.at);
  } catch (e) {
    const kind = e instanceof BillingError ? billingToBusiness[e.code] : undefined;
    if (kind) throw new BusinessError(kind, e instanceof Error ? e.message : String(e));
    throw e;
  }
  return {
    type: 'business.session.opened',
    data: {
      at: ctx.at,
      by: ctx.by,
      sessionId,
      room,
      roomType,
      ratePlanId: plan.id,
      planKey,
      ...(state.plans[planKey] ? {} : { plan }),
      packageId: session.packageId,
      memberLevel: session.memberLevel,
      plannedEndAt: session.plannedEndAt,
    },
  };
}

/** 续钟: the planned end moves on by `minutes` (from now when the session was open-ended). */
export function decideExtend(
  state: BusinessState,
  ctx: DecideContext,
  sessionId: string,
  minutes: number,
): BusinessRecord {
  const s = openSessionOf(state, sessionId);
  const base = s.plannedEndAt ?? ctx.at;
  return {
    type: 'business.session.extended',
    data: { at: ctx.at, by: ctx.by, sessionId, minutes, plannedEndAt: base + minutes * 60_000 },
  };
}

/** 换房: the party leaves its room (to cleaning) for an idle or booked one; the bill carries over. */
export function decideMove(
  state: BusinessState,
  ctx: DecideContext,
  sessionId: string,
  toRoom: string,
): BusinessRecord {
  const s = openSessionOf(state, sessionId);
  knownRoom(ctx, toRoom);
  const fromRoom = currentRoom(s);
  if (fromRoom === toRoom)
    throw new BusinessError('MOVE_SAME_ROOM', `session ${sessionId} is already in room ${toRoom}`);
  checkTransition(state, fromRoom, 'moveOut');
  checkTransition(state, toRoom, 'moveIn');
  return {
    type: 'business.session.moved',
    data: { at: ctx.at, by: ctx.by, sessionId, fromRoom, toRoom, toRoomType: ctx.roomTypeOf(toRoom) },
  };
}

export function stockLeft(state: BusinessState, item: MenuItem): number {
  return item.stock - (state.sold[item.itemId] ?? 0);
}

/** 点单: at the menu's price now; refused when the stock cannot cover it. */
export function decideOrder(
  state: BusinessState,
  ctx: DecideContext,
  sessionId: string,
  itemId: string,
  qty: number,
): BusinessRecord {
  openSessionOf(state, sessionId);
  const item = ctx.settings.menu.find((m) => m.itemId === itemId);
  if (!item) throw new BusinessError('ITEM_UNKNOWN', `no menu item ${itemId}`);
  const left = stockLeft(state, item);
  if (qty > left) throw new BusinessError('OUT_OF_STOCK', `${item.name} (${itemId}): ${left} left, ${qty} ordered`);
  const line = {
    lineId: ctx.newId(),
    itemId,
    name: item.name,
    category: item.category,
    unitPriceFen: item.priceFen,
    qty,
  };
  return { type: 'business.order.added', data: { at: ctx.at, by: ctx.by, sessionId, line } };
}

/** 退单: only with a reason; the line stays on the bill (0 fen) with the reason. */
export function decideVoid(
  state: BusinessState,
  ctx: DecideContext,
  sessionId: string,
  lineId: string,
  reason: string,
): BusinessRecord {
  const s = openSessionOf(state, sessionId);
  const trimmed = reason.trim();
  if (trimmed.length === 0) throw new BusinessError('VOID_REASON', 'a void needs a reason');
  const line = s.orders.find((l) => l.lineId === lineId);
  if (!line) throw new BusinessError('LINE_UNKNOWN', `session ${sessionId} has no order line ${lineId}`);
  if (line.voided) throw new BusinessError('LINE_VOIDED', `order line ${lineId} was voided already`);
  return { type: 'business.order.voided', data: { at: ctx.at, by: ctx.by, sessionId, lineId, reason: trimmed } };
}

/** 整单折扣: percent off room fee and orders (after member discounts), with a reason; 0 removes it. */
export function decideDiscount(
  state: BusinessState,
  ctx: DecideContext,
  sessionId: string,
  pct: number,
  reason: string,
): BusinessRecord {
  openSessionOf(state, sessionId);
  const trimmed = reason.trim();
  if (trimmed.length === 0) throw new BusinessError('DISCOUNT_REASON', 'a discount needs a reason');
  return { type: 'business.session.discounted', data: { at: ctx.at, by: ctx.by, sessionId, pct, reason: trimmed } };
}

/** 结账: the final bill, quoted at now; the room goes to cleaning. */
export function decideCheckout(state: BusinessState, ctx: DecideContext, sessionId: string): BusinessRecord {
  const s = openSessionOf(state, sessionId);
  const room = currentRoom(s);
  checkTransition(state, room, 'checkout');
  const bill = billOf(s, planOf(state, s), ctx.at);
  return { type: 'business.session.checkedOut', data: { at: ctx.at, by: ctx.by, sessionId, room, bill } };
}

export type RoomChange =
  | { action: 'book'; name: string; at: number }
  | { action: 'unbook' | 'clean' | 'maintenanceOn' | 'maintenanceOff' };

/** 清扫完成, 预订 / 取消预订, 维修 on / off. */
export function decideRoomChange(
  state: BusinessState,
  ctx: DecideContext,
  room: string,
  change: RoomChange,
): BusinessRecord {
  knownRoom(ctx, room);
  checkTransition(state, room, change.action);
  return {
    type: 'business.room.changed',
    data:
      change.action === 'book'
        ? { at: ctx.at, by: ctx.by, room, action: 'book', booking: { name: change.name, at: change.at } }
        : { at: ctx.at, by: ctx.by, room, action: change.action },
  };
}
