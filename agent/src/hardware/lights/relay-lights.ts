import type { OutputPort } from '../outputs/port.js';
import {
  type ChannelLevels,
  checkLevels,
  LightError,
  LightErrorCodes,
  type LightPort,
  type ShowResult,
} from './port.js';

export interface RelayLightsOptions {
  outputs: OutputPort;
  /** Channel name -> output name (`main` -> `lights.main`): on when the look's level is at least `threshold`. */
  channels: Readonly<Record<string, string>>;
  /** 1..255, default 128. */
  threshold?: number;
}

/** Lights on plain relays: each channel is one circuit, switched on when its level reaches the threshold. */
export class RelayLights implements LightPort {
  readonly name = 'relays';
  readonly channels: readonly string[];
  private current: Record<string, number> = {};
  private running = false;

  constructor(private readonly o: RelayLightsOptions) {
    this.channels = Object.keys(o.channels);
    for (const [channel, output] of Object.entries(o.channels)) {
      if (!o.outputs.outputs.includes(output)) {
        throw new LightError(
          LightErrorCodes.CONFIG,
          `light channel "${channel}" names output "${output}", which is not in outputs.lines`,
        );
      }
    }
    this.current = Object.fromEntries(this.channels.map((c) => [c, 0]));
  }

  async start(): Promise<void> {
    this.running = true;
    await this.show({});
  }

  async show(levels: ChannelLevels): Promise<ShowResult> {
    if (!this.running) throw new LightError(LightErrorCodes.NOT_RUNNING, 'lights not started');
    checkLevels(levels);
    const threshold = this.o.threshold ?? 128;
    for (const [channel, output] of Object.entries(this.o.channels)) {
      await this.o.outputs.set(output, (levels[channel] ?? 0) >= threshold);
    }
    this.current = Object.fromEntries(this.channels.map((c) => [c, levels[c] ?? 0]));
    return { ignored: Object.keys(levels).filter((c) => !(c in this.o.channels)) };
  }

  levels(): ChannelLevels {
    return { ...this.current };
  }

  async stop(): Promise<void> {
    this.running = false;
  }
}
