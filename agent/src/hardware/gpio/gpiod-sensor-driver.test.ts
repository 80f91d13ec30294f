import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitUntil } from '../../testing/wait.js';
import { systemClock } from '../../time/clock.js';
import { createSensorPort } from '../sensors/debounced-port.js';
import type { LineChange } from '../sensors/port.js';
import { sensorContract } from '../sensors/sensor-contract.js';
import { GpioTwin } from '../testing/gpio-twin.js';
import { GpioErrorCodes, isGpioError } from './errors.js';
import { GpiodSensorDriver } from './gpiod-sensor-driver.js';
import type { ToolFault } from './supervised-tool.js';
import { gpiodSensorHarness, quietLogger, REST_LEVELS, TEST_LINES } from './testing-harness.js';

const VERSIONS = ['1.6.3', '2.1.3'] as const;

for (const version of VERSIONS) {
  sensorContract(`gpiod driver on the libgpiod ${version} tool twins`, () => gpiodSensorHarness(version, 2000));
}

for (const version of VERSIONS) {
  describe(`gpiod sensor driver, libgpiod ${version}`, () => {
    const start = async (twin: GpioTwin, faults: ToolFault[] = []) => {
      const driver = new GpiodSensorDriver({
        chip: 'pinctrl-bcm2711',
        lines: TEST_LINES,
        clock: systemClock,
        logger: quietLogger(),
        env: twin.env,
        backoff: { minMs: 30, maxMs: 300 },
        onFault: (f) => faults.push(f),
      });
      const port = createSensorPort(driver, { debounceMs: 5, clock: systemClock });
      const changes: Omit<LineChange, 'at'>[] = [];
      port.onChange(({ line, level }) => changes.push({ line, level }));
      await port.start();
      return { driver, port, changes };
    };

    it('reads the levels at start with gpioget (door already open, button held)', async () => {
      const twin = await GpioTwin.create({ version, levels: { ...REST_LEVELS, GPIO17: 1, GPIO22: 0 } });
      try {
        const { port } = await start(twin);
        assert.deepEqual(port.levels(), { door: true, motion: false, callButton: true });
        const calls = twin.calls();
        assert.ok(calls.some((c) => c[0] === 'gpioget' && c.includes('--bias=pull-up')));
        await port.stop();
      } finally {
        await twin.cleanup();
      }
    });

    it('runs gpiomon with the flags this version needs, chip found by label, line by name', async () => {
      const twin = await GpioTwin.create({ version, levels: { ...REST_LEVELS } });
      try {
        const { port } = await start(twin);
        const mons = twin.calls().filter((c) => c[0] === 'gpiomon' && !c.includes('--version'));
        assert.equal(mons.length, 3);
        const door = mons.find((c) => c.at(-1) === '17');
        if (version.startsWith('1.'))
          assert.deepEqual(door, ['gpiomon', '--line-buffered', '--bias=pull-up', 'gpiochip0', '17']);
        else assert.deepEqual(door, ['gpiomon', '--bias=pull-up', '--edges=both', '--chip', 'gpiochip0', '17']);
        await port.stop();
        assert.equal(twin.monitorPid('GPIO17'), undefined, 'stop releases the lines');
      } finally {
        await twin.cleanup();
      }
    });

    it('a killed gpiomon is reported, restarted with backoff, and the line re-read with gpioget', async () => {
      const twin = await GpioTwin.create({ version, levels: { ...REST_LEVELS } });
      const faults: ToolFault[] = [];
      try {
        const { driver, port, changes } = await start(twin, faults);
        const first = twin.monitorPid('GPIO17');
        assert.ok(first);
        process.kill(first, 'SIGKILL');
        await waitUntil('the death is reported', () => faults.length === 1);
        assert.equal(faults[0]?.code, GpioErrorCodes.TOOL_DIED);
        assert.equal(faults[0]?.role, 'door');
        // The door opens while nobody watches the line: no edge is printed for it.
        assert.equal(await twin.set('GPIO17', 1), false);
        const getsBefore = twin.calls().filter((c) => c[0] === 'gpioget').length;
        await waitUntil('gpiomon is back', () => {
          const pid = twin.monitorPid('GPIO17');
          return pid !== undefined && pid !== first;
        });
        await waitUntil('the re-read change is reported', () => changes.some((c) => c.line === 'door' && c.level));
        assert.ok(twin.calls().filter((c) => c[0] === 'gpioget').length > getsBefore, 'gpioget ran before the restart');
        await waitUntil('the restart is counted', () => driver.monitorOf('door')?.restarts === 1);
        // And edges flow again through the new gpiomon.
        await twin.set('GPIO17', 0);
        await waitUntil('the door closes', () => changes.at(-1)?.level === false && changes.at(-1)?.line === 'door');
        assert.deepEqual(changes, [
          { line: 'door', level: true },
          { line: 'door', level: false },
        ]);
        await port.stop();
      } finally {
        await twin.cleanup();
      }
    });

    it('a gpiomon that exits with an error is restarted too', async () => {
      const twin = await GpioTwin.create({ version, levels: { ...REST_LEVELS } });
      const faults: ToolFault[] = [];
      try {
        const { port } = await start(twin, faults);
        const first = twin.monitorPid('GPIO27');
        await twin.send('GPIO27', { kind: 'die' });
        await waitUntil('reported', () => faults.length === 1);
        assert.match(faults[0]?.message ?? '', /Input\/output error/);
        await waitUntil('restarted', () => (twin.monitorPid('GPIO27') ?? first) !== first);
        await port.stop();
      } finally {
        await twin.cleanup();
      }
    });

    it('a wedged gpiomon (ignores SIGTERM) is still ended on stop', async () => {
      const twin = await GpioTwin.create({ version, levels: { ...REST_LEVELS } });
      try {
        const { port } = await start(twin);
        await twin.send('GPIO22', { kind: 'hang' });
        const pid = twin.monitorPid('GPIO22');
        await port.stop();
        assert.equal(twin.monitorPid('GPIO22'), undefined);
        assert.throws(() => process.kill(pid ?? 0, 0), 'the process is gone');
      } finally {
        await twin.cleanup();
      }
    });

    it('a missing line fails the start naming the line and its role', async () => {
      const twin = await GpioTwin.create({ version });
      try {
        const driver = new GpiodSensorDriver({
          chip: 'pinctrl-bcm2711',
          lines: { ...TEST_LINES, motion: { line: 'GPIO99', bias: 'as-is', activeLow: false } },
          clock: systemClock,
          logger: quietLogger(),
          env: twin.env,
        });
        await assert.rejects(
          driver.start(() => undefined),
          (e: unknown) => isGpioError(e, GpioErrorCodes.LINE_MISSING) && /"GPIO99" \(motion\)/.test(e.message),
        );
        assert.equal(twin.monitorPid('GPIO17'), undefined, 'nothing left holding a line');
      } finally {
        await twin.cleanup();
      }
    });

    it('a busy line names what holds it', async () => {
      const twin = await GpioTwin.create({ version });
      twin.hold('GPIO27', 'pir-daemon');
      try {
        const driver = new GpiodSensorDriver({
          chip: '',
          lines: TEST_LINES,
          clock: systemClock,
          logger: quietLogger(),
          env: twin.env,
        });
        await assert.rejects(
          driver.start(() => undefined),
          (e: unknown) =>
            isGpioError(e, GpioErrorCodes.LINE_BUSY) && /GPIO27/.test(e.message) && /pir-daemon/.test(e.message),
        );
      } finally {
        await twin.cleanup();
      }
    });

    it('a chip label that is not there is named with the chips found', async () => {
      const twin = await GpioTwin.create({ version });
      try {
        const driver = new GpiodSensorDriver({
          chip: 'pinctrl-rp1',
          lines: TEST_LINES,
          clock: systemClock,
          logger: quietLogger(),
          env: twin.env,
        });
        await assert.rejects(
          driver.start(() => undefined),
          (e: unknown) =>
            isGpioError(e, GpioErrorCodes.CHIP) && /pinctrl-rp1/.test(e.message) && /pinctrl-bcm2711/.test(e.message),
        );
      } finally {
        await twin.cleanup();
      }
    });
  });
}

it('without the libgpiod tools the driver says which package to install', async () => {
  const driver = new GpiodSensorDriver({
    chip: '',
    lines: TEST_LINES,
    clock: systemClock,
    logger: quietLogger(),
    env: { ...process.env, PATH: '/nonexistent' },
  });
  await assert.rejects(
    driver.start(() => undefined),
    (e: unknown) => isGpioError(e, GpioErrorCodes.TOOLS) && /gpiod/.test(e.message),
  );
});
