import { describeI2cError, type I2cBus, type OpenBus } from './i2c.js';
import { AmpError, AmpErrorCodes } from './port.js';

/**
 * One chip on one bus: opens the bus on first use (so a missing /dev/i2c-N shows up as an
 * I/O error of the amp, not a crash at start), and turns every bus error into KTV_E_AMP_IO
 * with the address and errno in the message.
 */
export class I2cDevice {
  private bus: Promise<I2cBus> | undefined;
  private closed = false;

  constructor(
    private readonly openBus: OpenBus,
    readonly busNumber: number,
    readonly address: number,
  ) {}

  async run<T>(what: string, op: (bus: I2cBus, address: number) => Promise<T>): Promise<T> {
    if (this.closed) throw new AmpError(AmpErrorCodes.CLOSED, 'the amp port is closed');
    let bus: I2cBus;
    try {
      this.bus ??= this.openBus(this.busNumber);
      bus = await this.bus;
    } catch (e) {
      this.bus = undefined;
      const message = e instanceof Error ? e.message : String(e);
      throw new AmpError(AmpErrorCodes.IO, `cannot open /dev/i2c-${this.busNumber} (${message})`, { cause: e });
    }
    try {
      return await op(bus, this.address);
    } catch (e) {
      throw new AmpError(AmpErrorCodes.IO, describeI2cError(e, this.busNumber, this.address, what), { cause: e });
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const bus = this.bus;
    this.bus = undefined;
    if (bus) await (await bus.catch(() => undefined))?.close();
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
