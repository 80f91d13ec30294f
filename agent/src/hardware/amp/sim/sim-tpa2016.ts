import { type SimChip, SimNack } from './sim-bus.js';

const POWER_ON = [0xc3, 0x05, 0x0b, 0x00, 0x06, 0x3a, 0xc2] as const;

/**
 * A simulated TPA2016D2: registers 1..7 with their power-on values (datasheet SLOS598).
 * Refuses registers outside 1..7, a fixed gain outside -28..+30 dB (register 5 is 6-bit two's
 * complement, bits 7..6 zero), a negative gain while compression is off (register 7 bits 1..0
 * = 0), and a max gain above 30 dB (register 7 bits 7..4 > 12). Fault flags in register 1 read
 * back as set by `fault()` until a write of 0 clears them.
 */
export class SimTpa2016 implements SimChip {
  readonly name = 'TPA2016D2';
  private readonly regs: number[] = [...POWER_ON];

  register(n: number): number {
    return this.regs[n - 1] ?? 0;
  }

  write(bytes: number[]): void {
    // A one-byte write only sets the register pointer; a longer one writes from that register on.
    const [reg, ...values] = bytes;
    if (reg === undefined) throw new SimNack('empty write');
    values.forEach((v, i) => {
      this.writeRegister(reg + i, v);
    });
  }

  writeRegister(register: number, value: number): void {
    if (register < 1 || register > 7) throw new SimNack(`register ${register} does not exist (1..7)`);
    if (register === 5) this.checkGain(value);
    if (register === 7 && value >> 4 > 12) throw new SimNack(`max gain code ${value >> 4} > 12 (30 dB)`);
    if (register === 1) {
      // Fault bits are cleared by writing 0 and cannot be set by a write.
      const faults = this.register(1) & 0x1c & value;
      this.regs[0] = (value & ~0x1c) | faults;
      return;
    }
    this.regs[register - 1] = value;
  }

  readRegister(register: number): number {
    if (register < 1 || register > 7) throw new SimNack(`register ${register} does not exist (1..7)`);
    return this.register(register);
  }

  /** Sets fault flags as the chip would on an over-current or over-temperature event. */
  fault(kind: 'right' | 'left' | 'thermal'): void {
    this.regs[0] = this.register(1) | { right: 0x10, left: 0x08, thermal: 0x04 }[kind];
  }

  get gainDb(): number {
    const v = this.register(5) & 0x3f;
    return v & 0x20 ? v - 0x40 : v;
  }

  /** Software shutdown (register 1 SWS): the chip draws almost nothing and keeps its registers. */
  get shutdown(): boolean {
    return (this.register(1) & 0x20) !== 0;
  }

  get speakersOn(): { left: boolean; right: boolean } {
    const r1 = this.register(1);
    return { left: (r1 & 0x40) !== 0 && (r1 & 0x20) === 0, right: (r1 & 0x80) !== 0 && (r1 & 0x20) === 0 };
  }

  private checkGain(value: number): void {
    if (value & 0xc0) throw new SimNack(`gain byte 0x${value.toString(16)} has bits 7..6 set`);
    const db = value & 0x20 ? value - 0x40 : value;
    if (db < -28 || db > 30) throw new SimNack(`gain ${db} dB is outside -28..+30`);
    if (db < 0 && (this.register(7) & 0x03) === 0)
      throw new SimNack(`gain ${db} dB needs compression on (1:1 allows 0..30)`);
  }
}
