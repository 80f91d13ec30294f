import type { GuestScene, RoomStatusName, SceneName } from '@ktv/protocol';

/**
 * The room's session power rules (issue #9), pure: what the room learns (session opened or
 * closed, the front desk's room state, signs of life, the guests' scene requests, clock ticks) in,
 * the TV, amplifier and light scene it should have out. No I/O, no clock of its own: every input
 * carries its time.
 *
 * - A session (开房) switches the room on: TV (showing the room box), amplifier, welcome scene.
 * - While a session runs the guests pick 明亮 / 柔和 / 派对 / 浪漫; the room is never switched off.
 * - Checkout (the session ends, or the room goes to 待清洁) gives the cleaning scene; TV and
 *   amplifier stay as they are, for the staff.
 * - A room that is not in use and saw no sign of life (motion, door, touch, playback) for the idle
 *   time switches TV, amplifier and lights off. Signs of life never switch a room on by themselves.
 */

export interface PowerOutputs {
  tv: boolean;
  amp: boolean;
  scene: SceneName;
}

export interface PowerState extends PowerOutputs {
  /** The session the gateway last described (null: none). */
  sessionId: string | null;
  /** The front desk's room state, once the gateway sent it. */
  status: RoomStatusName | null;
  /** What the guests picked during this session. */
  guestScene: GuestScene | null;
  /** Last sign of life, or the last change of use (ms). */
  lastActivityAt: number;
  idleMinutes: number;
  /** Why the outputs are what they are. */
  reason: PowerReason;
}

export type PowerReason = 'start' | 'sessionOpened' | 'sceneRequested' | 'checkout' | 'idle' | 'settings' | 'restored';

export type ActivitySource = 'motion' | 'door' | 'player' | 'touch';

export type PowerInput =
  /** `session.update`: the running session's id, or null when none runs. */
  | { kind: 'session'; sessionId: string | null; at: number }
  /** `room.status`: the front desk's room state. */
  | { kind: 'status'; status: RoomStatusName; at: number }
  | { kind: 'activity'; source: ActivitySource; at: number }
  | { kind: 'sceneRequest'; scene: GuestScene; at: number }
  | { kind: 'idleMinutes'; minutes: number; at: number }
  | { kind: 'tick'; at: number };

export type PowerStep =
  | { ok: true; state: PowerState }
  /** A scene asked for while no session runs: the room has no guests to light. */
  | { ok: false; state: PowerState; refused: 'notInUse' };

export function initialPowerState(at: number, idleMinutes: number): PowerState {
  return {
    tv: false,
    amp: false,
    scene: 'off',
    sessionId: null,
    status: null,
    guestScene: null,
    lastActivityAt: at,
    idleMinutes,
    reason: 'start',
  };
}

/** A session runs: the gateway says so by a session summary or by the room state 使用中. */
export function inUse(state: Pick<PowerState, 'sessionId' | 'status'>): boolean {
  return state.sessionId !== null || state.status === 'inUse';
}

/** Anything powered. */
export function isOn(state: PowerOutputs): boolean {
  return state.tv || state.amp || state.scene !== 'off';
}

const idleMs = (state: PowerState) => state.idleMinutes * 60_000;

/** When the idle rule will switch the room off, or null (in use, or already off). */
export function idleDeadline(state: PowerState): number | null {
  if (inUse(state) || !isOn(state)) return null;
  return state.lastActivityAt + idleMs(state);
}

function roomOn(state: PowerState, reason: PowerReason): PowerState {
  return { ...state, tv: true, amp: true, scene: state.guestScene ?? 'welcome', reason };
}

/**
 * The guests are gone and the room should be made ready for the next ones (their 已点 cleared,
 * the volume back to the store's levels): a room in use stops being in use (checkout, 待清洁),
 * or one session is followed straight by another (a quick turnover that never went out of use).
 */
export function guestsLeft(before: PowerState, after: PowerState): boolean {
  if (!inUse(before)) return false;
  if (!inUse(after)) return true;
  return before.sessionId !== null && after.sessionId !== null && before.sessionId !== after.sessionId;
}

/** Applies what changed in use: on when a session starts, the cleaning scene when it ends. */
function followUse(before: PowerState, after: PowerState, at: number): PowerState {
  const was = inUse(before);
  const now = inUse(after);
  if (!was && now) return roomOn({ ...after, lastActivityAt: at }, 'sessionOpened');
  if (was && !now) return { ...after, guestScene: null, scene: 'cleaning', lastActivityAt: at, reason: 'checkout' };
  if (now) return roomOn(after, after.reason);
  return after;
}

/** The idle rule: a room not in use that saw nothing for the idle time goes off. */
function applyIdle(state: PowerState, at: number): PowerState {
  const deadline = idleDeadline(state);
  if (deadline === null || at < deadline) return state;
  return { ...state, tv: false, amp: false, scene: 'off', reason: 'idle' };
}

export function step(state: PowerState, input: PowerInput): PowerStep {
  switch (input.kind) {
    case 'session': {
      if (input.sessionId === state.sessionId) return { ok: true, state: applyIdle(state, input.at) };
      // Another session in the same room (a quick turnover): its guests start with the welcome scene.
      const fresh = state.sessionId !== null && input.sessionId !== null;
      const next = { ...state, sessionId: input.sessionId, ...(fresh ? { guestScene: null } : {}) };
      const followed = followUse(state, next, input.at);
      return { ok: true, state: fresh ? roomOn({ ...followed, lastActivityAt: input.at }, 'sessionOpened') : followed };
    }
    case 'status': {
      if (input.status === state.status) return { ok: true, state: applyIdle(state, input.at) };
      let next = followUse(state, { ...state, status: input.status }, input.at);
      // 待清洁 without a session change seen (e.g. the room moved out while this box was away).
      if (input.status === 'cleaning' && !inUse(next) && isOn(next) && next.scene !== 'cleaning') {
        next = { ...next, scene: 'cleaning', reason: 'checkout', lastActivityAt: input.at };
      }
      return { ok: true, state: applyIdle(next, input.at) };
    }
    case 'activity': {
      const next = applyIdle(state, input.at);
      return { ok: true, state: { ...next, lastActivityAt: Math.max(next.lastActivityAt, input.at) } };
    }
    case 'sceneRequest': {
      if (!inUse(state)) return { ok: false, state, refused: 'notInUse' };
      return {
        ok: true,
        state: {
          ...state,
          guestScene: input.scene,
          scene: input.scene,
          lastActivityAt: input.at,
          reason: 'sceneRequested',
        },
      };
    }
    case 'idleMinutes':
      return { ok: true, state: applyIdle({ ...state, idleMinutes: input.minutes }, input.at) };
    case 'tick':
      return { ok: true, state: applyIdle(state, input.at) };
  }
}

/**
 * The invariant a session keeps, for a state read back from disk: in use means TV and amplifier
 * on and a guest look (the guests' pick, or welcome).
 */
export function normalised(state: PowerState): PowerState {
  if (!inUse(state)) return state;
  const guestLook = state.scene === 'welcome' || (state.guestScene !== null && state.scene === state.guestScene);
  return { ...state, tv: true, amp: true, scene: guestLook ? state.scene : (state.guestScene ?? 'welcome') };
}

/** The outputs part of a state, to compare and to apply. */
export function outputsOf(state: PowerOutputs): PowerOutputs {
  return { tv: state.tv, amp: state.amp, scene: state.scene };
}

export function sameOutputs(a: PowerOutputs, b: PowerOutputs): boolean {
  return a.tv === b.tv && a.amp === b.amp && a.scene === b.scene;
}
