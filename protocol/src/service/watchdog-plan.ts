/**
 * What systemd asked of a service, read from its environment (sd_notify(3), sd_watchdog_enabled(3)).
 * Pure: no I/O.
 */
export interface NotifyPlan {
  /** NOTIFY_SOCKET is set: the service manager waits for READY=1. */
  notify: boolean;
  /** Feed the watchdog every `intervalMs` (half of WatchdogSec=), or undefined when there is no watchdog. */
  intervalMs: number | undefined;
  /** A tick later than this is a stalled event loop: that tick does not feed the watchdog. */
  maxLagMs: number;
}

export function notifyPlan(env: Readonly<Record<string, string | undefined>>, pid: number): NotifyPlan {
  const socket = env.NOTIFY_SOCKET;
  const notify = typeof socket === 'string' && socket.length > 0;
  const usec = Number(env.WATCHDOG_USEC);
  const watchdogPid = env.WATCHDOG_PID === undefined ? undefined : Number(env.WATCHDOG_PID);
  const forUs = watchdogPid === undefined || watchdogPid === pid;
  if (!notify || !forUs || !Number.isFinite(usec) || usec <= 0) {
    return { notify, intervalMs: undefined, maxLagMs: 0 };
  }
  const watchdogMs = usec / 1000;
  // Feed twice per period (systemd's advice); a loop late by a quarter period is not healthy.
  const intervalMs = Math.max(1, Math.floor(watchdogMs / 2));
  return { notify, intervalMs, maxLagMs: Math.max(1, Math.floor(watchdogMs / 4)) };
}

/** One watchdog tick: feed it only when the loop ran the tick on time and the program says it is healthy. */
export function shouldFeed(expectedAt: number, ranAt: number, maxLagMs: number, healthy: boolean): boolean {
  return healthy && ranAt - expectedAt <= maxLagMs;
}
