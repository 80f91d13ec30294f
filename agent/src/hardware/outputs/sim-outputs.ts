import type { Clock } from '../../time/clock.js';
import { type OutputChange, OutputError, OutputErrorCodes, type OutputPort } from './port.js';

export interface SimOutputsOptions {
  clock: Clock;
  /** Output names in order, with their level at start (default off). */
  outputs: readonly { name: string; initial?: boolean }[];
}

/**
 * The simulated relay board: holds each output's level like a latched relay, drops every output
 * when stopped (a released line de-energises its relay), and records every change with its time
 * (`history`), which tests and the end-to-end store read.
 */
export class SimOutputs implements OutputPort {
  readonly name = 'sim';
  readonly outputs: readonly string[];
  /** Every change applied, in order, including the ones made by start() and stop(). */
  readonly history: OutputChange[] = [];
  /** Absent: never driven (a relay board before start). */
  private readonly state = new Map<string, boolean>();
  private readonly listeners = new Set<(change: OutputChange) => void>();
  private running = false;

  constructor(private readonly options: SimOutputsOptions) {
    this.outputs = options.outputs.map((o) => o.name);
  }

  async start(): Promise<void> {
    this.running = true;
    for (const o of this.options.outputs) this.apply(o.name, o.initial ?? false);
  }

  async set(output: string, on: boolean): Promise<void> {
    if (!this.outputs.includes(output)) {
      throw new OutputError(OutputErrorCodes.UNKNOWN, `no output "${output}" (have: ${this.outputs.join(', ')})`);
    }
    if (!this.running) throw new OutputError(OutputErrorCodes.NOT_RUNNING, `outputs not started (set ${output})`);
    this.apply(output, on);
  }

  levels(): Readonly<Record<string, boolean>> {
    return Object.fromEntries(this.outputs.map((name) => [name, this.state.get(name) ?? false]));
  }

  onChange(listener: (change: OutputChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    for (const name of this.outputs) this.apply(name, false);
    this.running = false;
  }

  private apply(output: string, on: boolean): void {
    if (this.state.get(output) === on) return;
    this.state.set(output, on);
    const change = { output, on, at: this.options.clock.now() };
    this.history.push(change);
    for (const l of this.listeners) l(change);
  }
}
