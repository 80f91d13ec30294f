import { type SimChip, SimNack } from './sim-bus.js';

/**
 * A simulated MAX9744: takes exactly one data byte per write (datasheet Table 5):
 * `00 vvvvvv` volume 0..63, 0x40/0x41 modulation, 0xC4/0xC5 volume up/down. Anything else
 * (`10 xxxxxx` reserved, undefined `01`/`11` commands) is refused. It is receive-only: a read
 * is refused, and it has no registers.
 */
export class SimMax9744 implements SimChip {
  readonly name = 'MAX9744';
  /** Power-on position 40 (-7.1 dB). */
  volume = 40;
  modulation: 'filterless' | 'classicPwm' = 'filterless';

  write(bytes: number[]): void {
    if (bytes.length !== 1) throw new SimNack(`takes one data byte per write, got ${bytes.length}`);
    const b = bytes[0] ?? 0;
    const kind = b >> 6;
    if (kind === 0b00) this.volume = b & 0x3f;
    else if (b === 0x40) this.modulation = 'filterless';
    else if (b === 0x41) this.modulation = 'classicPwm';
    else if (b === 0xc4) this.volume = Math.min(63, this.volume + 1);
    else if (b === 0xc5) this.volume = Math.max(0, this.volume - 1);
    else throw new SimNack(`0x${b.toString(16)} is not a command (volume is 0..63)`);
  }

  writeRegister(register: number, value: number): void {
    throw new SimNack(`has no registers (SMBus write 0x${register.toString(16)}, 0x${value.toString(16)})`);
  }

  readRegister(): number {
    throw new SimNack('is receive-only (cannot be read)');
  }

  get muted(): boolean {
    return this.volume === 0;
  }
}
