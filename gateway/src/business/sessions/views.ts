import type { SessionSummary } from '@ktv/protocol';
import type { Bill, OrderLine, RatePlan, SessionInput } from '../../billing/index.js';
import { quoteBill } from '../../billing/index.js';
import { currentRoom, type Session } from './model.js';

/** A session as the admin API shows it (docs/interfaces.md, "Rooms as a business"). */
export interface SessionView {
  sessionId: string;
  room: string;
  openedAt: number;
  plannedEndAt: number | null;
  closedAt: number | null;
  ratePlanId: string;
  packageId: string | null;
  memberLevel: string | null;
  elapsedSec: number;
  billSoFarFen: number;
  orders: OrderLine[];
}

/** What the billing engine prices: the running segment ends at `at` (the bill so far). */
export function sessionInput(session: Session, at: number): SessionInput {
  const input: SessionInput = {
    segments: session.segments.map((s) => ({
      room: s.room,
      roomType: s.roomType,
      startAt: s.startAt,
      endAt: s.endAt ?? Math.max(at, s.startAt),
    })),
    orders: session.orders.map((l) => ({ ...l })),
  };
  if (session.packageId !== null) input.packageId = session.packageId;
  if (session.memberLevel !== null) input.memberLevel = session.memberLevel;
  if (session.discountPct !== undefined && session.discountPct !== null) input.manualDiscountPct = session.discountPct;
  return input;
}

/** The final bill of a closed session, else the bill so far quoted at `at` (never computed elsewhere). */
export function billOf(session: Session, plan: RatePlan, at: number): Bill {
  return session.bill ?? quoteBill(plan, sessionInput(session, at));
}

export function sessionView(session: Session, bill: Bill, at: number): SessionView {
  const end = session.closedAt ?? Math.max(at, session.openedAt);
  return {
    sessionId: session.sessionId,
    room: currentRoom(session),
    openedAt: session.openedAt,
    plannedEndAt: session.plannedEndAt,
    closedAt: session.closedAt,
    ratePlanId: session.ratePlanId,
    packageId: session.packageId,
    memberLevel: session.memberLevel,
    elapsedSec: Math.floor((end - session.openedAt) / 1000),
    billSoFarFen: bill.totalFen,
    orders: session.orders.map((l) => ({ ...l })),
  };
}

/** What the room's screens show (the session.update command). */
export function sessionSummary(session: Session, plan: RatePlan, bill: Bill, at: number): SessionSummary {
  const pkg = session.packageId ? plan.packages.find((p) => p.id === session.packageId) : undefined;
  return {
    sessionId: session.sessionId,
    openedAt: session.openedAt,
    plannedEndAt: session.plannedEndAt,
    billSoFarFen: Math.max(0, bill.totalFen),
    roomFeeFen: Math.max(0, bill.roomFeeFen),
    ordersFen: Math.max(0, bill.ordersFen),
    packageName: pkg?.name ?? null,
    at,
  };
}
