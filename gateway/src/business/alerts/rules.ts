import type { RoomState } from '../room-state/room-state.js';

export type AlertCode = 'unbilledOccupancy' | 'roomMayBeEmpty';

export interface RoomAlert {
  code: AlertCode;
  since: number;
}

export interface AlertConfig {
  /** unbilledOccupancy: motion seen (door closed) within this many ms. */
  occupancyHoldMs: number;
  /** roomMayBeEmpty: no motion for this many ms while in use. */
  emptyAfterMs: number;
}

/** What the rules need to know of a room: its business state and what its sensors said, when. */
export interface AlertInput {
  state: RoomState;
  /** When the room entered its current business state (opened, moved in, checked out, ...). */
  stateSince: number;
  /** Sensors known (the room reported state at least once). */
  sensorsKnown: boolean;
  doorOpen: boolean;
  /** Last time the PIR reported motion (or null: never since the gateway started). */
  lastMotionAt: number | null;
  /** Last time the door closed (or null). */
  doorClosedAt: number | null;
}

/**
 * Pure: the alert codes whose condition holds at `now`.
 * - unbilledOccupancy: idle or cleaning, door closed, motion seen after the door closed and within
 *   occupancyHoldMs (people inside a room nobody pays for).
 * - roomMayBeEmpty: in use and no motion for emptyAfterMs (counted from the later of the last
 *   motion and when the room went into use).
 */
export function activeAlerts(input: AlertInput, now: number, config: AlertConfig): AlertCode[] {
  const out: AlertCode[] = [];
  if (!input.sensorsKnown) return out;
  const motion = input.lastMotionAt;
  if ((input.state === 'idle' || input.state === 'cleaning') && !input.doorOpen && motion !== null) {
    const afterClose = input.doorClosedAt === null || motion >= input.doorClosedAt;
    if (afterClose && now - motion < config.occupancyHoldMs) out.push('unbilledOccupancy');
  }
  if (input.state === 'inUse') {
    const quietFrom = Math.max(motion ?? 0, input.stateSince);
    if (now - quietFrom >= config.emptyAfterMs) out.push('roomMayBeEmpty');
  }
  return out;
}

/** Keeps `since` of alerts that stay raised; new ones start now; ended ones are dropped. */
export function nextAlerts(previous: readonly RoomAlert[], codes: readonly AlertCode[], now: number): RoomAlert[] {
  return codes.map((code) => previous.find((a) => a.code === code) ?? { code, since: now });
}

/** Pure: the time at which the answer of activeAlerts may change without any new input. */
export function nextCheckAt(input: AlertInput, now: number, config: AlertConfig): number | null {
  const times: number[] = [];
  if (input.lastMotionAt !== null) times.push(input.lastMotionAt + config.occupancyHoldMs);
  if (input.state === 'inUse') times.push(Math.max(input.lastMotionAt ?? 0, input.stateSince) + config.emptyAfterMs);
  const future = times.filter((t) => t > now);
  return future.length > 0 ? Math.min(...future) : null;
}
