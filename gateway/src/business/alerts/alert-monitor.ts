import type { SensorState } from '@ktv/protocol';
import type { RoomState } from '../room-state/room-state.js';
import { type AlertConfig, type AlertInput, activeAlerts, nextAlerts, nextCheckAt, type RoomAlert } from './rules.js';

/** Timers behind a port, so that tests drive time themselves. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

interface Watched extends AlertInput {
  alerts: RoomAlert[];
  timer: unknown;
}

/**
 * Sensor alerts per room (pure rules in rules.ts): fed with the room's sensors and its business
 * state, it re-evaluates on every input and at the next instant an answer may change (one timer
 * per room, injected clock and timers). `onChange(room)` fires when a room's alerts change.
 */
export class AlertMonitor {
  private readonly rooms = new Map<string, Watched>();

  constructor(
    private readonly config: AlertConfig,
    private readonly now: () => number,
    private readonly onChange: (room: string) => void,
    private readonly timers: Timers = realTimers,
  ) {}

  alerts(room: string): RoomAlert[] {
    return (this.rooms.get(room)?.alerts ?? []).map((a) => ({ ...a }));
  }

  private watched(room: string, state: RoomState): Watched {
    let w = this.rooms.get(room);
    if (!w) {
      w = {
        state,
        stateSince: this.now(),
        sensorsKnown: false,
        doorOpen: false,
        lastMotionAt: null,
        doorClosedAt: null,
        alerts: [],
        timer: undefined,
      };
      this.rooms.set(room, w);
    }
    return w;
  }

  /** The room's business state (call on every business change and at start). */
  businessState(room: string, state: RoomState): void {
    const w = this.watched(room, state);
    if (w.state !== state) {
      w.state = state;
      w.stateSince = this.now();
    }
    this.evaluate(room, w);
  }

  /** The room reported its sensors (retained state); null when it never did. */
  sensors(room: string, state: RoomState, sensors: SensorState | null): void {
    const w = this.watched(room, state);
    const at = this.now();
    if (sensors) {
      if (w.sensorsKnown && w.doorOpen && !sensors.doorOpen) w.doorClosedAt = at;
      if (!w.sensorsKnown && !sensors.doorOpen) w.doorClosedAt = null;
      if (sensors.motion) w.lastMotionAt = at;
      w.doorOpen = sensors.doorOpen;
      w.sensorsKnown = true;
    }
    this.evaluate(room, w);
  }

  private evaluate(room: string, w: Watched): void {
    const at = this.now();
    const next = nextAlerts(w.alerts, activeAlerts(w, at, this.config), at);
    const changed = next.length !== w.alerts.length || next.some((a, i) => a.code !== w.alerts[i]?.code);
    w.alerts = next;
    if (w.timer !== undefined) this.timers.clearTimeout(w.timer);
    w.timer = undefined;
    const due = nextCheckAt(w, at, this.config);
    if (due !== null) w.timer = this.timers.setTimeout(() => this.evaluate(room, w), due - at);
    if (changed) this.onChange(room);
  }

  stop(): void {
    for (const w of this.rooms.values()) if (w.timer !== undefined) this.timers.clearTimeout(w.timer);
    this.rooms.clear();
  }
}
