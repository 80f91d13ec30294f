import { TPA2016_ADDRESS } from './config.js';
import type { OpenBus } from './i2c.js';
import { I2cDevice } from './i2c-device.js';
import { AmpError, AmpErrorCodes, type AmpPort, checkLevel, type ProbeResult } from './port.js';
import type { ShutdownCapable } from './power.js';

/**
 * TI TPA2016D2 (2.8 W/ch stereo class D with AGC), datasheet SLOS598, 7-bit address 0x58,
 * SMBus-style register writes (register address, then data), registers 1..7:
 * - 1 function control: b7 SPK_EN_R, b6 SPK_EN_L, b5 SWS (software shutdown), b4 FAULT_R,
 *   b3 FAULT_L, b2 Thermal (fault flags; write 0 to clear), b0 NG_EN; power-on 0xC3.
 * - 2 attack, 3 release, 4 hold time (6 bits each).
 * - 5 fixed gain: b5..b0, two's complement dB, -28..+30 (negative values need compression on,
 *   which is the power-on state: register 7 = 0xC2, 4:1); power-on 0x06 (+6 dB).
 * - 6 b7 output limiter disable, b6..b5 noise gate threshold, b4..b0 limiter level; power-on 0x3A.
 * - 7 b7..b4 max gain (18 + n dB), b1..b0 compression ratio; power-on 0xC2.
 * This driver writes only registers 1 (speakers on/off) and 5 (gain), and reads 1 (probe, faults).
 * Registers 2, 3, 4, 6, 7 keep their power-on values.
 */
export const TPA2016_REG = { control: 1, gain: 5 } as const;
export const TPA2016_CONTROL = {
  spkEnR: 0x80,
  spkEnL: 0x40,
  sws: 0x20,
  faultR: 0x10,
  faultL: 0x08,
  thermal: 0x04,
  ngEn: 0x01,
} as const;
/** Speakers on, amp active, noise gate on, fault flags cleared. */
export const TPA2016_SPEAKERS_ON = TPA2016_CONTROL.spkEnR | TPA2016_CONTROL.spkEnL | TPA2016_CONTROL.ngEn;
/** Speakers off (mute), amp still active so unmute is instant. */
export const TPA2016_SPEAKERS_OFF = TPA2016_CONTROL.ngEn;
export const TPA2016_GAIN_MIN_DB = -28;
export const TPA2016_GAIN_MAX_DB = 30;

/** Level 1..100 -> fixed gain -28..+30 dB, linear in dB (an audio taper). Level 0 turns the speakers off. */
export function tpa2016GainDb(level: number): number {
  const span = TPA2016_GAIN_MAX_DB - TPA2016_GAIN_MIN_DB;
  return Math.round(TPA2016_GAIN_MIN_DB + ((Math.max(1, level) - 1) * span) / 99);
}

/** dB -> register 5 byte: 6-bit two's complement (-28 -> 0x24, -1 -> 0x3F, +30 -> 0x1E). */
export function tpa2016GainByte(db: number): number {
  if (!Number.isInteger(db) || db < TPA2016_GAIN_MIN_DB || db > TPA2016_GAIN_MAX_DB) {
    throw new AmpError(AmpErrorCodes.RANGE, `TPA2016 gain must be -28..30 dB, got ${db}`);
  }
  return db & 0x3f;
}

/** Register 5 byte -> dB (inverse of tpa2016GainByte). */
export function tpa2016GainFromByte(byte: number): number {
  const v = byte & 0x3f;
  return v & 0x20 ? v - 0x40 : v;
}

export interface Tpa2016Options {
  openBus: OpenBus;
  bus: number;
  address?: number;
}

function faults(control: number): string[] {
  const out: string[] = [];
  if (control & TPA2016_CONTROL.faultR) out.push('over-current right');
  if (control & TPA2016_CONTROL.faultL) out.push('over-current left');
  if (control & TPA2016_CONTROL.thermal) out.push('thermal shutdown');
  if (control & TPA2016_CONTROL.sws) out.push('software shutdown');
  return out;
}

/** The TPA2016D2 driver: levels, mute, and software shutdown (register 1 SWS) for the amp's power. */
export function createTpa2016Amp(options: Tpa2016Options): AmpPort & ShutdownCapable {
  const device = new I2cDevice(options.openBus, options.bus, options.address ?? TPA2016_ADDRESS);
  let level = 0;
  let muted = false;
  /** What register 1 holds as far as we know (null: unknown, write it). */
  let control: number | null = null;
  let speakersOn = false;
  let shutdown = false;

  async function writeControl(): Promise<void> {
    const value = (speakersOn ? TPA2016_SPEAKERS_ON : TPA2016_SPEAKERS_OFF) | (shutdown ? TPA2016_CONTROL.sws : 0);
    if (control === value) return;
    control = null;
    await writeReg(TPA2016_REG.control, value);
    control = value;
  }

  const writeReg = (reg: number, value: number) =>
    device.run(`writing register ${reg} = 0x${value.toString(16)}`, (bus, address) =>
      bus.writeByte(address, reg, value),
    );

  async function setSpeakers(on: boolean): Promise<void> {
    speakersOn = on;
    await writeControl();
  }

  async function apply(l: number, m: boolean): Promise<void> {
    if (m || l === 0) return setSpeakers(false);
    // Gain first, then speakers on: never a burst at the old gain.
    await writeReg(TPA2016_REG.gain, tpa2016GainByte(tpa2016GainDb(l)));
    await setSpeakers(true);
  }

  return {
    name: 'tpa2016',
    hasMic: false,
    async setMusicLevel(l) {
      checkLevel(l, 'music');
      await apply(l, muted);
      level = l;
    },
    async setMicLevel() {
      throw new AmpError(AmpErrorCodes.UNSUPPORTED, 'the TPA2016D2 has no microphone channel');
    },
    async setMuted(m) {
      await apply(level, m);
      muted = m;
    },
    async setShutdown(off) {
      // SWS powers the chip down and keeps every register: waking it needs no levels re-sent.
      shutdown = off;
      await writeControl();
    },
    async probe(): Promise<ProbeResult> {
      try {
        const reg1 = await device.run('reading register 1', (bus, address) =>
          bus.readByte(address, TPA2016_REG.control),
        );
        const f = faults(reg1);
        const where = `0x${device.address.toString(16)} on /dev/i2c-${device.busNumber}`;
        return {
          ok: true,
          message: `TPA2016D2 answers at ${where}, register 1 = 0x${reg1.toString(16)}${f.length ? ` (${f.join(', ')})` : ''}`,
        };
      } catch (e) {
        return { ok: false, message: `TPA2016D2: ${e instanceof Error ? e.message : String(e)}` };
      }
    },
    close: () => device.close(),
  };
}
