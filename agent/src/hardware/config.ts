/**
 * The room hardware sections of the agent config (firmware-config/agent.schema.json: sensors.gpio,
 * outputs, lights, tv; amp.power is in amp/config.ts). Defaults live in the schema.
 */
import type { GpioInputConfig, GpioOutputConfig } from './gpio/config.js';
import type { InputLine } from './sensors/port.js';

export interface SensorGpioConfig extends Record<InputLine, GpioInputConfig> {
  /** Chip label (gpiodetect); empty: any chip. */
  chip: string;
}

export interface OutputsConfig {
  driver: 'sim' | 'gpiod';
  chip: string;
  lines: GpioOutputConfig[];
}

export interface LightsConfig {
  driver: 'sim' | 'dmx' | 'relays' | 'none';
  /** Channel name -> DMX slots (1-based). */
  channels: Record<string, number[]>;
  dmx: { port: string; slots: number; baud: number };
  /** Driver "relays": channel name -> output name. */
  relays: Record<string, string>;
  threshold: number;
}

export interface TvConfig {
  driver: 'sim' | 'cec' | 'none';
  cec: { device: string; osdName: string };
}
