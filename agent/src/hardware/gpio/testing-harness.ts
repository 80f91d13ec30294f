import { waitUntil } from '../../testing/wait.js';
import { FakeClock } from '../../time/fake-clock.js';
import type { InputLine, SensorDriver } from '../sensors/port.js';
import type { SensorHarness } from '../sensors/sensor-contract.js';
import { GpioTwin } from '../testing/gpio-twin.js';
import type { GpioInputConfig } from './config.js';
import { GpiodSensorDriver } from './gpiod-sensor-driver.js';
import type { GpioLogger, ToolFault } from './supervised-tool.js';

/** Door on GPIO17 (reed contact to GND, pull-up: open = high), PIR on GPIO27 (active high), call button on GPIO22 (to GND, pull-up). */
export const TEST_LINES: Record<InputLine, GpioInputConfig> = {
  door: { line: 'GPIO17', bias: 'pull-up', activeLow: false },
  motion: { line: 'GPIO27', bias: 'pull-down', activeLow: false },
  callButton: { line: 'GPIO22', bias: 'pull-up', activeLow: true },
};
/** Electrical levels at rest: door closed (low), no motion (low), button released (pulled high). */
export const REST_LEVELS = { GPIO17: 0, GPIO27: 0, GPIO22: 1 } as const;

export const quietLogger = (): GpioLogger & { warnings: object[] } => {
  const warnings: object[] = [];
  return { warnings, info: () => undefined, warn: (obj) => warnings.push(obj) };
};

/**
 * The sensor contract's harness for the gpiod driver on the tool twins: physical actions become
 * pin levels in the twin world (with contact bounce), a gpiomon twin prints the edges, and fake
 * time only moves once every edge sent has reached the driver.
 */
export async function gpiodSensorHarness(
  version: string,
  pirHoldMs: number,
): Promise<SensorHarness & { twin: GpioTwin; faults: ToolFault[] }> {
  const twin = await GpioTwin.create({ version, levels: { ...REST_LEVELS } });
  const clock = new FakeClock();
  const faults: ToolFault[] = [];
  const inner = new GpiodSensorDriver({
    chip: 'pinctrl-bcm2711',
    lines: TEST_LINES,
    clock,
    logger: quietLogger(),
    env: twin.env,
    backoff: { minMs: 20, maxMs: 200 },
    onFault: (f) => faults.push(f),
  });
  let received = 0;
  let sent = 0;
  const driver: SensorDriver = {
    name: inner.name,
    start: (onRaw) =>
      inner.start((line, level, at) => {
        received++;
        onRaw(line, level, at);
      }),
    stop: () => inner.stop(),
  };
  let pending: Promise<unknown>[] = [];
  const pin = async (line: string, value: 0 | 1) => {
    if (await twin.set(line, value)) sent++;
  };
  const settle = async () => {
    await Promise.all(pending);
    pending = [];
    await waitUntil('every edge sent reached the driver', () => received >= sent);
  };
  /** A contact bounces: 5 edges ending at `to`. */
  const bounce = async (line: string, to: 0 | 1) => {
    const from = to === 1 ? 0 : 1;
    for (const v of [to, from, to, from, to] as const) await pin(line, v);
  };
  let cancelPir: (() => void) | undefined;
  return {
    twin,
    faults,
    driver,
    clock,
    pirHoldMs,
    async advance(ms) {
      await settle();
      for (let i = 0; i < ms; i++) {
        clock.advance(1);
        if (pending.length) await settle();
      }
    },
    openDoor: () => bounce('GPIO17', 1).then(settle),
    closeDoor: () => bounce('GPIO17', 0).then(settle),
    async motion() {
      cancelPir?.();
      await pin('GPIO27', 1);
      cancelPir = clock.setTimeout(() => {
        pending.push(pin('GPIO27', 0));
      }, pirHoldMs);
      await settle();
    },
    async pressCall() {
      await bounce('GPIO22', 0);
      clock.setTimeout(() => pending.push(bounce('GPIO22', 1)), 120);
      await settle();
    },
    cleanup: () => twin.cleanup(),
  };
}
