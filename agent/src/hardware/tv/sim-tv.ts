import type { Clock } from '../../time/clock.js';
import { TvError, TvErrorCodes, type TvPort, type TvPowerStatus } from './port.js';

export interface SimTvChange {
  at: number;
  kind: 'power' | 'input';
  /** power: the status the TV went to; input: the physical address now shown. */
  value: string;
}

export interface SimTvOptions {
  clock: Clock;
  /** How long the TV takes from standby to on (status `toOn` meanwhile); real sets take 2-8 s. */
  warmUpMs?: number;
  /** The room box's HDMI physical address (what it announces as active source). */
  physicalAddress?: string;
}

/**
 * The simulated TV on the CEC bus: starts in standby, goes `toOn` on Image View On and `on` after
 * its warm-up, `standby` at once on Standby; shows the input of the last Active Source. Records
 * every change (`history`). `unplug()` makes it stop acknowledging, like a TV pulled from the wall.
 */
export class SimTv implements TvPort {
  readonly name = 'sim';
  readonly history: SimTvChange[] = [];
  status: TvPowerStatus = 'standby';
  input: string | undefined;
  private plugged = true;
  private running = false;
  private cancelWarmUp: (() => void) | undefined;
  private readonly listeners = new Set<(change: SimTvChange) => void>();

  constructor(private readonly options: SimTvOptions) {}

  async start(): Promise<void> {
    this.running = true;
  }

  async setPower(on: boolean): Promise<void> {
    this.check(on ? 'Image View On' : 'Standby');
    if (on) {
      if (this.status === 'on' || this.status === 'toOn') return;
      this.power('toOn');
      this.cancelWarmUp = this.options.clock.setTimeout(() => {
        this.cancelWarmUp = undefined;
        this.power('on');
      }, this.options.warmUpMs ?? 3000);
      return;
    }
    this.cancelWarmUp?.();
    this.cancelWarmUp = undefined;
    if (this.status !== 'standby') this.power('standby');
  }

  async selectInput(): Promise<void> {
    this.check('Active Source');
    const address = this.options.physicalAddress ?? '1.0.0.0';
    if (this.input !== address) {
      this.input = address;
      this.record('input', address);
    }
  }

  async powerStatus(): Promise<TvPowerStatus> {
    if (!this.running || !this.plugged) return 'unknown';
    return this.status;
  }

  async stop(): Promise<void> {
    this.running = false;
  }

  /** The TV's power cord: unplugged, it acknowledges nothing; plugged back, it is in standby. */
  setPlugged(plugged: boolean): void {
    this.plugged = plugged;
    if (!plugged) {
      this.cancelWarmUp?.();
      this.cancelWarmUp = undefined;
      this.status = 'standby';
    }
  }

  onChange(listener: (change: SimTvChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private check(what: string): void {
    if (!this.running) throw new TvError(TvErrorCodes.NOT_RUNNING, `TV port not started (${what})`);
    if (!this.plugged) throw new TvError(TvErrorCodes.NO_ACK, `the TV did not acknowledge ${what}`);
  }

  private power(status: TvPowerStatus): void {
    this.status = status;
    this.record('power', status);
  }

  private record(kind: SimTvChange['kind'], value: string): void {
    const c = { at: this.options.clock.now(), kind, value };
    this.history.push(c);
    for (const l of this.listeners) l(c);
  }
}
