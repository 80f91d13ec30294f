import { spawn } from 'node:child_process';
import { notifyPlan, shouldFeed } from './watchdog-plan.js';

/** Sends one sd_notify state line (e.g. "READY=1") to the service manager. */
export type NotifySend = (state: readonly string[]) => Promise<void>;

/**
 * The real sender: Node has no unix datagram socket, so `systemd-notify` sends for us. Its
 * messages come from its own pid, so the units say NotifyAccess=all; by default it waits until
 * systemd has read the message (a barrier), so systemd still finds its cgroup.
 */
export function systemdNotifySend(notifySocket: string, command = 'systemd-notify'): NotifySend {
  return (state) =>
    new Promise((resolve, reject) => {
      const env = { ...process.env, NOTIFY_SOCKET: notifySocket };
      const child = spawn(command, [...state], { stdio: ['ignore', 'ignore', 'pipe'], env });
      let err = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        err += d;
      });
      child.once('error', reject);
      child.once('close', (code) =>
        code === 0 ? resolve() : reject(new Error(`${command} exited ${code}: ${err.trim()}`)),
      );
    });
}

export interface ServiceNotifierOptions {
  env?: Readonly<Record<string, string | undefined>>;
  pid?: number;
  send?: NotifySend;
  /** The program's own health (e.g. its servers still listen); the event loop's is measured here. */
  healthy?: () => boolean;
  now?: () => number;
  /** Told when a tick does not feed the watchdog, or a send fails. */
  onProblem?: (problem: { kind: 'stalled' | 'unhealthy' | 'send-failed'; lagMs?: number; error?: string }) => void;
}

export interface ServiceNotifier {
  /** READY=1 (and MAINPID), then the watchdog timer starts. */
  ready(status?: string): Promise<void>;
  /** STOPPING=1; the watchdog timer stops. */
  stopping(): Promise<void>;
  /** Stops the timer without telling systemd (tests, errors). */
  close(): void;
}

/**
 * Tells systemd a Type=notify service is ready and feeds its watchdog (WatchdogSec=) only while
 * the event loop runs ticks on time and `healthy()` says yes. Without NOTIFY_SOCKET (not under
 * systemd) it does nothing.
 */
export function createServiceNotifier(options: ServiceNotifierOptions = {}): ServiceNotifier {
  const env = options.env ?? process.env;
  const pid = options.pid ?? process.pid;
  const plan = notifyPlan(env, pid);
  const send = options.send ?? systemdNotifySend(env.NOTIFY_SOCKET ?? '');
  const now = options.now ?? Date.now;
  const healthy = options.healthy ?? (() => true);
  let timer: NodeJS.Timeout | undefined;
  let inFlight = false;

  const report = (state: readonly string[]) =>
    send(state).catch((e: unknown) =>
      options.onProblem?.({ kind: 'send-failed', error: e instanceof Error ? e.message : String(e) }),
    );

  const startWatchdog = (intervalMs: number, maxLagMs: number) => {
    let expectedAt = now() + intervalMs;
    const tick = () => {
      const ranAt = now();
      const lagMs = ranAt - expectedAt;
      const ok = healthy();
      const feed = shouldFeed(expectedAt, ranAt, maxLagMs, ok);
      expectedAt = ranAt + intervalMs;
      if (!feed) {
        options.onProblem?.(ok ? { kind: 'stalled', lagMs } : { kind: 'unhealthy' });
        return;
      }
      if (inFlight) return;
      inFlight = true;
      void report(['WATCHDOG=1']).finally(() => {
        inFlight = false;
      });
    };
    timer = setInterval(tick, intervalMs);
    timer.unref();
  };

  return {
    async ready(status) {
      if (!plan.notify) return;
      await report([`--pid=${pid}`, 'READY=1', ...(status ? [`STATUS=${status}`] : [])]);
      if (plan.intervalMs !== undefined && timer === undefined) startWatchdog(plan.intervalMs, plan.maxLagMs);
    },
    async stopping() {
      this.close();
      if (plan.notify) await report(['STOPPING=1']);
    },
    close() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
