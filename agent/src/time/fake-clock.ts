import type { Clock } from './clock.js';

interface Pending {
  at: number;
  order: number;
  fn: () => void;
}

/** A manual clock for tests: timers run only inside advance(), in time order. */
export class FakeClock implements Clock {
  private t: number;
  private timers: Pending[] = [];
  private order = 0;

  constructor(start = 1_700_000_000_000) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): () => void {
    const timer = { at: this.t + Math.max(0, ms), order: this.order++, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((p) => p !== timer);
    };
  }

  /** Moves time forward by `ms`, running every timer that falls due (also ones set meanwhile). */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const next = this.timers.filter((p) => p.at <= end).sort((a, b) => a.at - b.at || a.order - b.order)[0];
      if (!next) break;
      this.timers = this.timers.filter((p) => p !== next);
      this.t = next.at;
      next.fn();
    }
    this.t = end;
  }

  get pendingTimers(): number {
    return this.timers.length;
  }
}
