import type { Clock } from '../../time/clock.js';
import { checkLayout, type DmxLayout, fullLook, universeFor } from './channel-map.js';
import { type ChannelLevels, LightError, LightErrorCodes, type LightPort, type ShowResult } from './port.js';

export interface SimLightFrame {
  at: number;
  /** The DMX slot values 1..N (index 0 = slot 1), exactly what the DMX driver would send. */
  slots: number[];
  /** The look as channel names and levels (every channel of the layout). */
  look: Record<string, number>;
}

/**
 * The simulated light controller: takes the same channel map as the DMX driver, turns each look
 * into the same DMX frame, and records every frame with its time (`frames`). Like a DMX widget it
 * keeps showing the last frame after stop.
 */
export class SimLights implements LightPort {
  readonly name = 'sim';
  readonly channels: readonly string[];
  readonly frames: SimLightFrame[] = [];
  private readonly listeners = new Set<(frame: SimLightFrame) => void>();
  private current: Record<string, number>;
  private running = false;

  constructor(
    private readonly layout: DmxLayout,
    private readonly clock: Clock,
  ) {
    checkLayout(layout);
    this.channels = Object.keys(layout.channels);
    this.current = fullLook(this.channels, {});
  }

  async start(): Promise<void> {
    this.running = true;
    await this.show({});
  }

  async show(levels: ChannelLevels): Promise<ShowResult> {
    if (!this.running) throw new LightError(LightErrorCodes.NOT_RUNNING, 'lights not started');
    const { slots, ignored } = universeFor(this.layout, levels);
    this.current = fullLook(this.channels, levels);
    const frame = { at: this.clock.now(), slots: [...slots], look: { ...this.current } };
    this.frames.push(frame);
    for (const l of this.listeners) l(frame);
    return { ignored };
  }

  levels(): ChannelLevels {
    return { ...this.current };
  }

  /** Listens to every frame (tests and the sim panel). */
  onFrame(listener: (frame: SimLightFrame) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get lastFrame(): SimLightFrame | undefined {
    return this.frames.at(-1);
  }

  async stop(): Promise<void> {
    this.running = false;
  }
}
