import type { I2cBus } from '../i2c.js';
import { type I2cErrno, i2cError } from './errno.js';

/** One transfer as the bus saw it, accepted or not. */
export interface SimTransfer {
  bus: number;
  address: number;
  op: 'i2cWrite' | 'writeByte' | 'readByte' | 'writeQuick';
  /** Bytes on the wire after the address: [data] for i2cWrite, [register, value] for writeByte, [register] for readByte. */
  bytes: number[];
  ok: boolean;
  /** The sim's reason for a refusal. */
  error?: string;
}

/** What a simulated chip does with each transfer: return a value, or throw a SimNack with the reason. */
export interface SimChip {
  readonly name: string;
  /** Plain write of raw bytes (no register address). */
  write(bytes: number[]): void;
  writeRegister(register: number, value: number): void;
  readRegister(register: number): number;
}

/** A chip refuses the transfer (it would NACK the data byte, or the value is invalid for it). */
export class SimNack extends Error {}

export interface SimBusOptions {
  /**
   * errno for an address nobody answers: the Pi's i2c-bcm2835 driver reports EREMOTEIO (121),
   * many other adapters ENXIO (6). Default EREMOTEIO (the room boxes are Pis).
   */
  noAnswer?: I2cErrno;
}

const checkAddress = (a: number) => {
  if (!Number.isInteger(a) || a < 0 || a > 0x7f) throw new Error(`Invalid I2C address ${a}`);
};
const checkByte = (b: number) => {
  if (!Number.isInteger(b) || b < 0 || b > 0xff) throw new Error(`Invalid byte ${b}`);
};

/**
 * A simulated I2C bus holding simulated chips, with the I2cBus shape the drivers use.
 * Argument checks throw like i2c-bus's own (`Invalid byte 300`); an empty address fails with
 * the adapter's NACK errno; a chip's refusal fails with EREMOTEIO. Every transfer is recorded.
 */
export class SimI2cBus implements I2cBus {
  readonly transfers: SimTransfer[] = [];
  private readonly chips = new Map<number, SimChip>();
  private open = true;

  constructor(
    readonly busNumber = 1,
    private readonly options: SimBusOptions = {},
  ) {}

  attach(address: number, chip: SimChip): this {
    checkAddress(address);
    this.chips.set(address, chip);
    return this;
  }

  detach(address: number): void {
    this.chips.delete(address);
  }

  /** Accepted transfers only: what the chips actually received. */
  accepted(address?: number): SimTransfer[] {
    return this.transfers.filter((t) => t.ok && (address === undefined || t.address === address));
  }

  async i2cWrite(address: number, length: number, buffer: Buffer): Promise<{ bytesWritten: number; buffer: Buffer }> {
    checkAddress(address);
    if (!Number.isInteger(length) || length < 0 || length > buffer.length) throw new Error(`Invalid length ${length}`);
    const bytes = [...buffer.subarray(0, length)];
    this.transfer(address, 'i2cWrite', bytes, 'write', (chip) => chip.write(bytes));
    return { bytesWritten: length, buffer };
  }

  async writeByte(address: number, command: number, byte: number): Promise<void> {
    checkAddress(address);
    checkByte(command);
    checkByte(byte);
    this.transfer(address, 'writeByte', [command, byte], 'writeByte', (chip) => chip.writeRegister(command, byte));
  }

  async readByte(address: number, command: number): Promise<number> {
    checkAddress(address);
    checkByte(command);
    return this.transfer(address, 'readByte', [command], 'readByte', (chip) => chip.readRegister(command));
  }

  async writeQuick(address: number, bit: number): Promise<void> {
    checkAddress(address);
    if (bit !== 0 && bit !== 1) throw new Error(`Invalid bit ${bit}`);
    this.transfer(address, 'writeQuick', [], 'writeQuick', () => undefined);
  }

  async close(): Promise<void> {
    this.open = false;
  }

  get isOpen(): boolean {
    return this.open;
  }

  private transfer<T>(
    address: number,
    op: SimTransfer['op'],
    bytes: number[],
    syscall: string,
    act: (chip: SimChip) => T,
  ): T {
    const record = (ok: boolean, error?: string) =>
      this.transfers.push({ bus: this.busNumber, address, op, bytes, ok, ...(error ? { error } : {}) });
    if (!this.open) {
      record(false, 'bus closed');
      throw i2cError('EIO', syscall, 'the bus was closed');
    }
    const chip = this.chips.get(address);
    if (!chip) {
      const reason = `nothing answers at 0x${address.toString(16)} on bus ${this.busNumber}`;
      record(false, reason);
      throw i2cError(this.options.noAnswer ?? 'EREMOTEIO', syscall, reason);
    }
    try {
      const result = act(chip);
      record(true);
      return result;
    } catch (e) {
      if (!(e instanceof SimNack)) throw e;
      record(false, e.message);
      throw i2cError('EREMOTEIO', syscall, `${chip.name}: ${e.message}`);
    }
  }
}

/** An OpenBus for the drivers that always hands out `bus` (whatever number is asked for). */
export const simOpenBus =
  (bus: SimI2cBus) =>
  async (_busNumber: number): Promise<I2cBus> =>
    bus;
