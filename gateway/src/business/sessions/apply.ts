import { type RoomAction, transition } from '../room-state/room-state.js';
import { type BusinessState, CLOSED_RETENTION_MS, currentRoom, roomOf, type Session } from './model.js';
import type { BusinessRecord } from './records.js';

/** A record that does not fit the state it is replayed onto: the journal and snapshot disagree. */
export class ReplayError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplayError';
  }
}

function move(state: BusinessState, room: string, action: RoomAction): void {
  const current = roomOf(state, room);
  const t = transition(room, current.state, action);
  if (!t.ok) throw new ReplayError(t.message);
  state.rooms[room] = { ...current, state: t.to };
}

function openSession(state: BusinessState, sessionId: string): Session {
  const s = state.open[sessionId];
  if (!s) throw new ReplayError(`session ${sessionId} is not open`);
  return s;
}

/**
 * Applies one journal record to the state (in place). Pure apart from that: the service decides
 * and journals a record first, then applies it; replay applies the same records in the same order.
 */
export function applyRecord(state: BusinessState, record: BusinessRecord): void {
  switch (record.type) {
    case 'business.session.opened': {
      const d = record.data;
      move(state, d.room, 'open');
      if (d.plan) state.plans[d.planKey] = d.plan;
      if (!state.plans[d.planKey]) throw new ReplayError(`rate plan version ${d.planKey} is unknown`);
      state.rooms[d.room] = { state: 'inUse', booking: null, sessionId: d.sessionId };
      state.open[d.sessionId] = {
        sessionId: d.sessionId,
        openedAt: d.at,
        plannedEndAt: d.plannedEndAt,
        ratePlanId: d.ratePlanId,
        planKey: d.planKey,
        packageId: d.packageId,
        memberLevel: d.memberLevel,
        segments: [{ room: d.room, roomType: d.roomType, startAt: d.at, endAt: null }],
        orders: [],
        closedAt: null,
        bill: null,
      };
      return;
    }
    case 'business.session.extended': {
      openSession(state, record.data.sessionId).plannedEndAt = record.data.plannedEndAt;
      return;
    }
    case 'business.session.moved': {
      const d = record.data;
      const s = openSession(state, d.sessionId);
      if (currentRoom(s) !== d.fromRoom) throw new ReplayError(`session ${d.sessionId} is not in room ${d.fromRoom}`);
      move(state, d.fromRoom, 'moveOut');
      move(state, d.toRoom, 'moveIn');
      state.rooms[d.fromRoom] = { state: 'cleaning', booking: null, sessionId: null };
      state.rooms[d.toRoom] = { state: 'inUse', booking: null, sessionId: d.sessionId };
      const last = s.segments[s.segments.length - 1];
      if (last) last.endAt = d.at;
      s.segments.push({ room: d.toRoom, roomType: d.toRoomType, startAt: d.at, endAt: null });
      return;
    }
    case 'business.order.added': {
      const d = record.data;
      openSession(state, d.sessionId).orders.push({ ...d.line });
      state.sold[d.line.itemId] = (state.sold[d.line.itemId] ?? 0) + d.line.qty;
      return;
    }
    case 'business.order.voided': {
      const d = record.data;
      const line = openSession(state, d.sessionId).orders.find((l) => l.lineId === d.lineId);
      if (!line || line.voided) throw new ReplayError(`order line ${d.lineId} cannot be voided`);
      line.voided = { reason: d.reason, at: d.at, by: d.by };
      state.sold[line.itemId] = (state.sold[line.itemId] ?? 0) - line.qty;
      return;
    }
    case 'business.session.discounted': {
      openSession(state, record.data.sessionId).discountPct = record.data.pct;
      return;
    }
    case 'business.session.checkedOut': {
      const d = record.data;
      const s = openSession(state, d.sessionId);
      move(state, d.room, 'checkout');
      state.rooms[d.room] = { state: 'cleaning', booking: null, sessionId: null };
      const last = s.segments[s.segments.length - 1];
      if (last) last.endAt = d.at;
      s.closedAt = d.at;
      s.bill = d.bill;
      delete state.open[d.sessionId];
      state.closed.push(s);
      const keepFrom = d.at - CLOSED_RETENTION_MS;
      while (state.closed.length > 0 && (state.closed[0]?.closedAt ?? 0) < keepFrom) state.closed.shift();
      return;
    }
    case 'business.room.changed': {
      const d = record.data;
      move(state, d.room, d.action);
      const r = roomOf(state, d.room);
      state.rooms[d.room] = { ...r, booking: d.action === 'book' ? (d.booking ?? null) : null };
      return;
    }
  }
}
