import type { Clock } from '../../time/clock.js';
import type { InputLine, LineLevels, RawListener, SensorDriver } from './port.js';

export interface SimSensorOptions {
  clock: Clock;
  /** How long the PIR output stays high after the last motion (retriggerable). */
  pirHoldMs: number;
  /** How long a simulated press of the call button lasts. */
  pressMs?: number;
  /** Raw edges in one bounce burst (odd, so it ends at the new level); random 3, 5 or 7 by default. */
  bounceEdges?: () => number;
}

/** Gap between the edges of a bounce burst, in ms (a real contact bounces for a few ms). */
export const BOUNCE_EDGE_GAP_MS = 1;

function randomBounceEdges(): number {
  return 3 + 2 * Math.floor(Math.random() * 3);
}

/**
 * The simulated twin of the GPIO sensor driver: behaves like the wired device, including contact
 * bounce on the door contact and the call button, and a PIR that holds its output high.
 * The controls (setDoor, motion, pressCall) are what the touchscreen's sim panel and tests drive.
 */
export class SimSensorDriver implements SensorDriver {
  readonly name = 'sim';
  private levels: LineLevels = { door: false, motion: false, callButton: false };
  private onRaw: RawListener | undefined;
  private timers = new Set<() => void>();
  private cancelPir: (() => void) | undefined;

  constructor(private readonly options: SimSensorOptions) {}

  async start(onRaw: RawListener): Promise<LineLevels> {
    this.onRaw = onRaw;
    return { ...this.levels };
  }

  async stop(): Promise<void> {
    this.onRaw = undefined;
    for (const cancel of this.timers) cancel();
    this.timers.clear();
    this.cancelPir = undefined;
  }

  /** The door opens or closes: the contact bounces, then settles. */
  setDoor(open: boolean): void {
    this.bounceTo('door', open);
  }

  /** The PIR sees motion: output high now (if not already) and for pirHoldMs after this. */
  motion(): void {
    this.cancelPir?.();
    if (!this.levels.motion) this.edge('motion', true);
    this.cancelPir = this.after(this.options.pirHoldMs, () => {
      this.cancelPir = undefined;
      this.edge('motion', false);
    });
  }

  /** A finger presses the call button and lets go; both edges bounce. */
  pressCall(): void {
    const bursts = this.bounceTo('callButton', true);
    this.after(bursts + (this.options.pressMs ?? 120), () => this.bounceTo('callButton', false));
  }

  /** Schedules a bounce burst ending at `level`; returns its length in ms. */
  private bounceTo(line: InputLine, level: boolean): number {
    const edges = (this.options.bounceEdges ?? randomBounceEdges)();
    for (let i = 0; i < edges; i++) {
      const value = i % 2 === 0 ? level : !level;
      if (i === 0) this.edge(line, value);
      else this.after(i * BOUNCE_EDGE_GAP_MS, () => this.edge(line, value));
    }
    return edges * BOUNCE_EDGE_GAP_MS;
  }

  private edge(line: InputLine, level: boolean): void {
    this.levels[line] = level;
    this.onRaw?.(line, level, this.options.clock.now());
  }

  private after(ms: number, fn: () => void): () => void {
    const cancel = this.options.clock.setTimeout(() => {
      this.timers.delete(cancel);
      fn();
    }, ms);
    this.timers.add(cancel);
    return () => {
      this.timers.delete(cancel);
      cancel();
    };
  }
}
