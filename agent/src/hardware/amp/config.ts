/** The `amp` section of the agent config (firmware-config/agent.schema.json; defaults live there). */
export type AmpDriverName = 'sim' | 'max9744' | 'tpa2016' | 'alsa' | 'mpv';

export interface AmpConfig {
  driver: AmpDriverName;
  /** I2C bus number: /dev/i2c-N. */
  bus: number;
  /** 7-bit I2C address; absent: the chip's default (MAX9744 0x4B, TPA2016D2 0x58). */
  address?: number;
  /** Where the microphone level goes: the ALSA control `alsa.micControl`, or nowhere. */
  mic: 'alsa' | 'none';
  alsa: { card: string; musicControl: string; micControl: string };
  musicMax: number;
  initialMusic: number;
  initialMic: number;
  /** How the amp is switched on and off (hardware/amp/power.ts); the schema fills "relay". */
  power?: 'relay' | 'i2c' | 'none';
}

export const MAX9744_ADDRESS = 0x4b;
export const TPA2016_ADDRESS = 0x58;
