import type { Clock } from './clock.js';

interface Timer {
  at: number;
  fn: () => void;
  handle: NodeJS.Timeout | undefined;
}

/**
 * The system clock plus an offset that only moves forward: a running agent's time can be jumped
 * ahead (`advance`) and every timer that falls due runs at once, in time order; the others keep
 * their remaining time. For the simulated store's end-to-end tests (past an idle time without
 * waiting for it); the agent uses it only when asked to (docs/room-power.md).
 */
export class ShiftedClock implements Clock {
  private offset = 0;
  private readonly timers = new Set<Timer>();

  now(): number {
    return Date.now() + this.offset;
  }

  setTimeout(fn: () => void, ms: number): () => void {
    const timer: Timer = { at: this.now() + Math.max(0, ms), fn, handle: undefined };
    this.timers.add(timer);
    this.arm(timer);
    return () => {
      clearTimeout(timer.handle);
      this.timers.delete(timer);
    };
  }

  /** Moves time forward by `ms`; returns the new time. */
  advance(ms: number): number {
    this.offset += Math.max(0, ms);
    for (const t of [...this.timers].sort((a, b) => a.at - b.at)) this.arm(t);
    return this.now();
  }

  private arm(timer: Timer): void {
    clearTimeout(timer.handle);
    timer.handle = setTimeout(
      () => {
        this.timers.delete(timer);
        timer.fn();
      },
      Math.max(0, timer.at - this.now()),
    );
  }
}
