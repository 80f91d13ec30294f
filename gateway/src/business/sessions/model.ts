import type { Bill, OrderLine, RatePlan } from '../../billing/schemas.js';
import type { RoomState } from '../room-state/room-state.js';

/** One room the party used: moving rooms (换房) closes a segment and opens the next. */
export interface SessionSegment {
  room: string;
  roomType: string;
  startAt: number;
  /** null while the party is in this room. */
  endAt: number | null;
}

/** A session (开房 .. 结账) as the journal rebuilds it. */
export interface Session {
  sessionId: string;
  openedAt: number;
  /** 买钟 / 套餐 / 续钟: when the paid time ends; null when open-ended. */
  plannedEndAt: number | null;
  ratePlanId: string;
  /** The rate plan version the session opened with (a key of BusinessState.plans): it keeps it. */
  planKey: string;
  packageId: string | null;
  memberLevel: string | null;
  segments: SessionSegment[];
  orders: OrderLine[];
  /** 整单折扣 percent (after member discounts), null when none was given. */
  discountPct?: number | null;
  closedAt: number | null;
  /** The final bill, set at checkout. */
  bill: Bill | null;
}

export interface Booking {
  name: string;
  at: number;
}

export interface RoomBusiness {
  state: RoomState;
  booking: Booking | null;
  sessionId: string | null;
}

/** Everything the journal's business records build. Rooms never seen are idle. */
export interface BusinessState {
  rooms: Record<string, RoomBusiness>;
  open: Record<string, Session>;
  /** Every rate plan version a session used, by `${id}@${content hash}`. */
  plans: Record<string, RatePlan>;
  /** Closed sessions with their final bills, oldest first, kept for CLOSED_RETENTION_MS. */
  closed: Session[];
  /** Net quantity sold per menu item (orders minus voids); stock left = settings stock - sold. */
  sold: Record<string, number>;
}

/** Closed sessions stay in memory (and snapshots) this long after the newest record. */
export const CLOSED_RETENTION_MS = 48 * 3600_000;

export function emptyBusinessState(): BusinessState {
  return { rooms: {}, open: {}, plans: {}, closed: [], sold: {} };
}

export const IDLE_ROOM: Readonly<RoomBusiness> = { state: 'idle', booking: null, sessionId: null };

export function roomOf(state: BusinessState, room: string): RoomBusiness {
  return state.rooms[room] ?? { ...IDLE_ROOM };
}

/** The rate plan version a session keeps. */
export function planOf(state: BusinessState, session: Session): RatePlan {
  const plan = state.plans[session.planKey];
  if (!plan) throw new Error(`rate plan version ${session.planKey} is missing`);
  return plan;
}

/** The room the party is in now. */
export function currentRoom(session: Session): string {
  const last = session.segments[session.segments.length - 1];
  if (!last) throw new Error(`session ${session.sessionId} has no segment`);
  return last.room;
}
