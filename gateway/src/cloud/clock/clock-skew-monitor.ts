import type { StoreAlerts } from '../../alerts/store-alerts.js';
import type { Logger } from '../../logger.js';
import { inRange, nextSkewState, type SkewConfig, type SkewState } from './skew.js';

/**
 * Watches every accepted room event (the ingest's onAccepted hook) for a room agent whose clock is
 * off, and keeps one `clockSkew` alert per room (skew.ts for the rules). A wrong clock in a store
 * is a billing problem: the alert names the room and how far off its clock is.
 *
 * The hook runs on the publish path: for a room whose clock is fine, `observe` is one subtraction,
 * two comparisons and a check of a counter; the map is touched only for rooms that are off or
 * under watch.
 */
export class ClockSkewMonitor {
  private readonly watched = new Map<string, SkewState>();
  private readonly log: Logger;

  constructor(
    private readonly config: SkewConfig,
    private readonly alerts: StoreAlerts,
    logger: Logger,
  ) {
    this.log = logger.child({ component: 'clock-skew' });
  }

  observe(room: string, deviceAt: number, receivedAt: number): void {
    const lag = receivedAt - deviceAt;
    if (this.watched.size === 0 && inRange(lag, this.config)) return;
    this.slow(room, lag, receivedAt);
  }

  private slow(room: string, lag: number, receivedAt: number): void {
    const before = this.watched.get(room);
    if (!before && inRange(lag, this.config)) return;
    const after = nextSkewState(
      before ?? { alert: null, lateSince: null, lateMinLag: 0 },
      lag,
      receivedAt,
      this.config,
    );
    if (after.alert === null && after.lateSince === null) this.watched.delete(room);
    else this.watched.set(room, after);
    const was = before?.alert ?? null;
    const now = after.alert;
    if (now && (was === null || was.direction !== now.direction)) {
      const skewSec = Math.round(now.skewMs / 1000);
      this.alerts.raise('clockSkew', room, { direction: now.direction, skewSec: Math.abs(skewSec) });
      this.log.warn(
        { room, direction: now.direction, skewMs: now.skewMs, thresholdMs: this.config.thresholdMs },
        'room agent clock is off',
      );
    } else if (!now && was) {
      this.alerts.clear('clockSkew', room);
      this.log.info({ room, lagMs: lag }, 'room agent clock back in range');
    }
  }

  /** Rooms being watched (alerted or late), for tests. */
  watchedRooms(): string[] {
    return [...this.watched.keys()];
  }
}
