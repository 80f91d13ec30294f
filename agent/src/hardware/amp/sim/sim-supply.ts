import type { SimChip, SimI2cBus } from './sim-bus.js';

/**
 * The amp's mains supply behind a relay, for a simulated amp chip: switched off, the chip is gone
 * from the bus (every transfer to it fails like an empty address); switched on, a fresh chip
 * answers with its power-on registers, as a real amp does after a power cycle.
 */
export class SimAmpSupply<C extends SimChip> {
  private current: C | undefined;

  constructor(
    private readonly bus: SimI2cBus,
    private readonly address: number,
    private readonly makeChip: () => C,
    powered = true,
  ) {
    if (powered) this.set(true);
  }

  set(on: boolean): void {
    if (on === (this.current !== undefined)) return;
    if (on) {
      this.current = this.makeChip();
      this.bus.attach(this.address, this.current);
    } else {
      this.current = undefined;
      this.bus.detach(this.address);
    }
  }

  get powered(): boolean {
    return this.current !== undefined;
  }

  /** The chip while powered. */
  get chip(): C | undefined {
    return this.current;
  }
}
