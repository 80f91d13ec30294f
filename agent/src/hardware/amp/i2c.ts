import type { PromisifiedBus } from 'i2c-bus';

/**
 * The subset of i2c-bus's PromisifiedBus the amp drivers use. The real bus and the simulated
 * one (sim/sim-bus.ts) both have this shape, so the same driver code runs on either.
 * Errors are errno-style (`code` 'EREMOTEIO', 'ENXIO', ...), as i2c-bus gives them.
 */
export interface I2cBus {
  /** Plain I2C write of `length` bytes (no register address): what the MAX9744 takes. */
  i2cWrite(address: number, length: number, buffer: Buffer): Promise<{ bytesWritten: number; buffer: Buffer }>;
  /** SMBus write byte data: register `command`, then `byte`. */
  writeByte(address: number, command: number, byte: number): Promise<void>;
  /** SMBus read byte data from register `command`. */
  readByte(address: number, command: number): Promise<number>;
  /** SMBus quick command: only the address phase (what i2cdetect uses); `bit` 0 = write. */
  writeQuick(address: number, bit: number): Promise<void>;
  close(): Promise<void>;
}

export type OpenBus = (busNumber: number) => Promise<I2cBus>;

/**
 * Adapts a real PromisifiedBus. i2c-bus 5.2.3's `writeQuick(addr, bit)` takes two arguments;
 * @types/i2c-bus 5.1.2 declares three (`address, command, bit`), so that one call goes through
 * the runtime signature.
 */
export function fromPromisifiedBus(bus: PromisifiedBus): I2cBus {
  const writeQuick = bus.writeQuick.bind(bus) as unknown as (address: number, bit: number) => Promise<void>;
  return {
    i2cWrite: (address, length, buffer) => bus.i2cWrite(address, length, buffer),
    writeByte: (address, command, byte) => bus.writeByte(address, command, byte),
    readByte: (address, command) => bus.readByte(address, command),
    writeQuick: (address, bit) => writeQuick(address, bit),
    close: () => bus.close(),
  };
}

interface I2cBusModule {
  openPromisified(busNumber: number): Promise<PromisifiedBus>;
}

/**
 * Loads the i2c-bus native addon. Rejects (with the loader's error as cause) when the addon is
 * missing or was built for another Node: the caller falls back to another driver.
 */
export async function loadI2cBus(): Promise<OpenBus> {
  const mod = (await import('i2c-bus')) as Partial<I2cBusModule> & { default?: Partial<I2cBusModule> };
  const open = mod.openPromisified ?? mod.default?.openPromisified;
  if (typeof open !== 'function') throw new Error('i2c-bus has no openPromisified()');
  return async (busNumber) => fromPromisifiedBus(await open(busNumber));
}

const hex = (address: number): string => `0x${address.toString(16).padStart(2, '0')}`;

/** `no answer at 0x4b on /dev/i2c-1 (EREMOTEIO, Remote I/O error)` */
export function describeI2cError(e: unknown, busNumber: number, address: number, what: string): string {
  const detail = e instanceof Error ? e.message : String(e);
  const code = (e as { code?: unknown } | null)?.code;
  const nack = code === 'EREMOTEIO' || code === 'ENXIO';
  const where = `${hex(address)} on /dev/i2c-${busNumber}`;
  return nack ? `no answer at ${where} while ${what} (${detail})` : `${what} at ${where} failed (${detail})`;
}

export { hex as i2cAddressHex };
