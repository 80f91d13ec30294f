import type { OutputPort } from '../outputs/port.js';
import { AmpError, AmpErrorCodes, type AmpPort } from './port.js';

/**
 * The amplifier's power, apart from its levels: the amp chip's own shutdown over I2C (TPA2016D2
 * register 1 SWS bit; the MAX9744 has no such register, its SHDN is a pin), or a relay on the
 * amp's supply (an output of the output port), or nothing to switch.
 */
export interface AmpPower {
  readonly via: 'i2c' | 'relay' | 'none';
  /** Switches the amp; `none` resolves without doing anything (and says so in `via`). */
  setPowered(on: boolean): Promise<void>;
  /** What was last set; undefined before the first call. */
  readonly powered: boolean | undefined;
}

/** An amp port whose chip can shut itself down (software shutdown, levels kept). */
export interface ShutdownCapable {
  setShutdown(shutdown: boolean): Promise<void>;
}

export const canShutdown = (amp: AmpPort): amp is AmpPort & ShutdownCapable =>
  typeof (amp as Partial<ShutdownCapable>).setShutdown === 'function';

export type AmpPowerVia = AmpPower['via'];

export interface AmpPowerOptions {
  via: AmpPowerVia;
  /** The amp (needed for `i2c`). */
  amp?: AmpPort;
  outputs?: OutputPort;
  /** The relay's output name (default `ampPower`). */
  output?: string;
  /**
   * After the relay switched the amp on: the chip woke at its power-on defaults, so the caller
   * re-sends its levels (the volume control's state). Not called for `i2c`: shutdown keeps them.
   */
  afterPowerOn?: () => Promise<void>;
}

export function createAmpPower(options: AmpPowerOptions): AmpPower {
  const { amp } = options;
  let powered: boolean | undefined;
  switch (options.via) {
    case 'none':
      return {
        via: 'none',
        async setPowered(on) {
          powered = on;
        },
        get powered() {
          return powered;
        },
      };
    case 'i2c': {
      if (!amp || !canShutdown(amp)) {
        throw new AmpError(
          AmpErrorCodes.CONFIG,
          `amp.power "i2c" needs an amp with a shutdown register (tpa2016); "${amp?.name ?? 'none'}" has none: use a relay`,
        );
      }
      return {
        via: 'i2c',
        async setPowered(on) {
          await amp.setShutdown(!on);
          powered = on;
        },
        get powered() {
          return powered;
        },
      };
    }
    case 'relay': {
      const outputs = options.outputs;
      const output = options.output ?? 'ampPower';
      if (!outputs?.outputs.includes(output)) {
        throw new AmpError(
          AmpErrorCodes.CONFIG,
          `amp.power "relay" needs an output named "${output}" in outputs.lines`,
        );
      }
      return {
        via: 'relay',
        async setPowered(on) {
          await outputs.set(output, on);
          powered = on;
          if (on) await options.afterPowerOn?.();
        },
        get powered() {
          return powered;
        },
      };
    }
  }
}
