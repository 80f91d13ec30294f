/**
 * A room agent's clock against the gateway's, from the events it sends. Pure.
 *
 * For each accepted event the gateway knows lag = receivedAt - deviceAt = skew + delay, where the
 * delay (network, the agent's outbox while the link was down) is never negative. So:
 * - lag < -threshold: the device's clock is ahead by more than the threshold, certainly: alert now;
 * - |lag| <= threshold: the clock is not behind by more than the threshold (delay only adds),
 *   and live events arrive within a second: clear;
 * - lag > threshold: either the clock is behind or the event waited in the outbox. An outbox
 *   catch-up is a burst that ends with live events (small lag), so the alert is raised only when
 *   every event received during `confirmMs` (gateway time) was that late.
 */
export interface SkewConfig {
  thresholdMs: number;
  confirmMs: number;
}

export const DEFAULT_SKEW_CONFIG: SkewConfig = { thresholdMs: 120_000, confirmMs: 300_000 };

export interface SkewAlert {
  direction: 'ahead' | 'behind';
  /** gateway minus device, ms (negative: the device is ahead), as measured when raised. */
  skewMs: number;
  since: number;
}

export interface SkewState {
  alert: SkewAlert | null;
  /** Receipt time of the first of a run of late events (lag > threshold), else null. */
  lateSince: number | null;
  /** The smallest lag of that run: the best estimate of how far behind the clock is. */
  lateMinLag: number;
}

export const CLOCK_IN_RANGE: SkewState = Object.freeze({ alert: null, lateSince: null, lateMinLag: 0 });

/** True when one more event with this lag cannot change anything for a room in `CLOCK_IN_RANGE`. */
export function inRange(lag: number, config: SkewConfig): boolean {
  return lag <= config.thresholdMs && lag >= -config.thresholdMs;
}

export function nextSkewState(state: SkewState, lag: number, receivedAt: number, config: SkewConfig): SkewState {
  if (lag < -config.thresholdMs) {
    if (state.alert?.direction === 'ahead') return state.lateSince === null ? state : { ...state, lateSince: null };
    return { alert: { direction: 'ahead', skewMs: lag, since: receivedAt }, lateSince: null, lateMinLag: 0 };
  }
  if (lag <= config.thresholdMs) return CLOCK_IN_RANGE;
  const lateSince = state.lateSince ?? receivedAt;
  const lateMinLag = state.lateSince === null ? lag : Math.min(state.lateMinLag, lag);
  if (state.alert === null && receivedAt - lateSince >= config.confirmMs) {
    return { alert: { direction: 'behind', skewMs: lateMinLag, since: receivedAt }, lateSince, lateMinLag };
  }
  return { alert: state.alert, lateSince, lateMinLag };
}
