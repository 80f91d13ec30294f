import { MAX9744_ADDRESS } from './config.js';
import type { OpenBus } from './i2c.js';
import { I2cDevice } from './i2c-device.js';
import { AmpError, AmpErrorCodes, type AmpPort, checkLevel, type ProbeResult } from './port.js';

/**
 * Maxim MAX9744 (20 W stereo class D with I2C volume), datasheet 19-0744:
 * - write-only slave; each write frame is START, address+W, ONE data byte, STOP. There is no
 *   register address: the byte is the command (Table 5): `00 V5..V0` sets the volume,
 *   `01 000000`/`01 000001` modulation, `11 000100`/`11 000101` volume up/down, `10 xxxxxx` reserved.
 * - 64 volume positions, 0 = full mute, 63 = loudest; power-on position 40 (-7.1 dB).
 * - 7-bit address 0x49/0x4A/0x4B from ADDR1/ADDR2 (Adafruit's board: 0x4B).
 */
export const MAX9744_MAX_CODE = 63;

/**
 * Level 0..100 -> volume position 0..63, linear in position. The chip's position table is itself
 * logarithmic (dB steps, finer near the top), so this is an audio taper. Any level above 0 gives
 * at least position 1, so only level 0 (and mute) is silent.
 */
export function max9744Code(level: number): number {
  if (level <= 0) return 0;
  return Math.max(1, Math.round((level * MAX9744_MAX_CODE) / 100));
}

export interface Max9744Options {
  openBus: OpenBus;
  bus: number;
  address?: number;
}

export function createMax9744Amp(options: Max9744Options): AmpPort {
  const device = new I2cDevice(options.openBus, options.bus, options.address ?? MAX9744_ADDRESS);
  let level = 0;
  let muted = false;

  const writeCode = (code: number) =>
    device.run(`writing volume ${code}`, async (bus, address) => {
      await bus.i2cWrite(address, 1, Buffer.from([code]));
    });

  return {
    name: 'max9744',
    hasMic: false,
    async setMusicLevel(l) {
      checkLevel(l, 'music');
      if (!muted) await writeCode(max9744Code(l));
      level = l;
    },
    async setMicLevel() {
      throw new AmpError(AmpErrorCodes.UNSUPPORTED, 'the MAX9744 has no microphone channel');
    },
    async setMuted(m) {
      // The MAX9744 has no mute bit: mute is volume position 0; unmute writes the kept level back.
      await writeCode(m ? 0 : max9744Code(level));
      muted = m;
    },
    async probe(): Promise<ProbeResult> {
      try {
        // Quick write = address phase only (as i2cdetect does): harmless for a write-only chip.
        await device.run('probing', (bus, address) => bus.writeQuick(address, 0));
        return {
          ok: true,
          message: `MAX9744 answers at 0x${device.address.toString(16)} on /dev/i2c-${device.busNumber}`,
        };
      } catch (e) {
        return { ok: false, message: `MAX9744: ${e instanceof Error ? e.message : String(e)}` };
      }
    },
    close: () => device.close(),
  };
}
