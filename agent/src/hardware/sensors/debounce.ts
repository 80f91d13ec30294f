import type { Clock } from '../../time/clock.js';

/**
 * Debounces one input line: a level is accepted once it has been steady for `ms`. A burst of
 * contact bounce ending at the old level produces no change at all.
 */
export class Debouncer {
  private stable: boolean;
  private raw: boolean;
  private burstStart: number | undefined;
  private cancel: (() => void) | undefined;

  constructor(
    initial: boolean,
    private readonly ms: number,
    private readonly clock: Clock,
    private readonly onStable: (level: boolean, at: number) => void,
  ) {
    this.stable = initial;
    this.raw = initial;
  }

  get level(): boolean {
    return this.stable;
  }

  /** A raw edge (or a repeated level, which is ignored). */
  feed(level: boolean, at: number): void {
    if (level === this.raw) return;
    this.raw = level;
    this.burstStart ??= at;
    this.cancel?.();
    if (this.ms === 0) {
      this.settle();
      return;
    }
    this.cancel = this.clock.setTimeout(() => this.settle(), this.ms);
  }

  dispose(): void {
    this.cancel?.();
    this.cancel = undefined;
  }

  private settle(): void {
    this.cancel = undefined;
    const at = this.burstStart ?? this.clock.now();
    this.burstStart = undefined;
    if (this.raw === this.stable) return;
    this.stable = this.raw;
    this.onStable(this.stable, at);
  }
}
