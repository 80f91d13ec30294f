import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitUntil } from '../../testing/wait.js';
import { systemClock } from '../../time/clock.js';
import { CONTRACT_OUTPUTS, outputContract } from '../outputs/output-contract.js';
import { isOutputError, OutputErrorCodes } from '../outputs/port.js';
import { GpioTwin } from '../testing/gpio-twin.js';
import { GpioErrorCodes, isGpioError } from './errors.js';
import { GpiodOutputs } from './gpiod-outputs.js';
import type { ToolFault } from './supervised-tool.js';
import { quietLogger } from './testing-harness.js';

const LINES: Record<string, string> = { tvPower: 'GPIO5', ampPower: 'GPIO6', 'lights.main': 'GPIO13', fan: 'GPIO19' };
const config = CONTRACT_OUTPUTS.map((o) => ({
  name: o.name,
  line: LINES[o.name] ?? '',
  activeLow: false,
  initial: 'initial' in o ? o.initial : false,
}));

for (const version of ['1.6.3', '2.1.3']) {
  outputContract(`gpiod relays on the libgpiod ${version} tool twins`, async () => {
    const twin = await GpioTwin.create({ version });
    const port = new GpiodOutputs({
      chip: 'pinctrl-bcm2711',
      outputs: config,
      clock: systemClock,
      logger: quietLogger(),
      env: twin.env,
    });
    return {
      port,
      observe: async () => Object.fromEntries(Object.entries(LINES).map(([name, line]) => [name, twin.driven(line)])),
      cleanup: () => twin.cleanup(),
    };
  });

  describe(`gpiod relays, libgpiod ${version}`, () => {
    it('an active-low relay board gets the inverted level; 1.6 holds with --mode=signal', async () => {
      const twin = await GpioTwin.create({ version });
      const port = new GpiodOutputs({
        chip: '',
        outputs: [{ name: 'tvPower', line: 'GPIO5', activeLow: true, initial: false }],
        clock: systemClock,
        logger: quietLogger(),
        env: twin.env,
      });
      try {
        await port.start();
        assert.equal(twin.line('GPIO5').value, 1, 'off = high on an active-low board');
        await port.set('tvPower', true);
        assert.equal(twin.line('GPIO5').value, 0);
        assert.equal(twin.line('GPIO5').live?.direction, 'output');
        const sets = twin.calls().filter((c) => c[0] === 'gpioset');
        if (version.startsWith('1.')) assert.deepEqual(sets.at(-1), ['gpioset', '--mode=signal', 'gpiochip0', '5=0']);
        else assert.deepEqual(sets.at(-1), ['gpioset', '--chip', 'gpiochip0', '5=0']);
      } finally {
        await port.stop();
        await twin.cleanup();
      }
    });

    it('a killed gpioset is reported and restarted holding the level it had', async () => {
      const twin = await GpioTwin.create({ version });
      const faults: ToolFault[] = [];
      const port = new GpiodOutputs({
        chip: '',
        outputs: [{ name: 'ampPower', line: 'GPIO6', activeLow: false, initial: false }],
        clock: systemClock,
        logger: quietLogger(),
        env: twin.env,
        backoff: { minMs: 20, maxMs: 100 },
        onFault: (f) => faults.push(f),
      });
      try {
        await port.start();
        await port.set('ampPower', true);
        const pid = twin.line('GPIO6').live?.pid;
        assert.ok(pid);
        process.kill(pid, 'SIGKILL');
        await waitUntil('reported', () => faults.length === 1);
        assert.equal(faults[0]?.code, GpioErrorCodes.TOOL_DIED);
        await waitUntil('held again', () => twin.driven('GPIO6') && twin.line('GPIO6').live?.pid !== pid);
      } finally {
        await port.stop();
        await twin.cleanup();
      }
    });

    it('a line held by another program: start fails naming it; a switch that cannot take the line is KTV_E_OUTPUT_IO', async () => {
      const twin = await GpioTwin.create({ version });
      twin.hold('GPIO5', 'lirc');
      const port = new GpiodOutputs({
        chip: '',
        outputs: [{ name: 'tvPower', line: 'GPIO5', activeLow: false, initial: false }],
        clock: systemClock,
        logger: quietLogger(),
        env: twin.env,
      });
      try {
        await assert.rejects(
          port.start(),
          (e: unknown) => isGpioError(e, GpioErrorCodes.LINE_BUSY) && /lirc/.test(e.message),
        );
        twin.release('GPIO5');
        await port.start();
        // Someone grabs the line while our gpioset is being replaced.
        const pid = twin.line('GPIO5').live?.pid ?? 0;
        const switching = port.set('tvPower', true);
        await waitUntil('our gpioset is gone', () => {
          try {
            process.kill(pid, 0);
            return false;
          } catch {
            return true;
          }
        });
        twin.hold('GPIO5', 'lirc');
        await assert.rejects(
          switching,
          (e: unknown) => isOutputError(e, OutputErrorCodes.IO) && /lirc/.test(e.message),
        );
        assert.equal(port.levels().tvPower, false);
      } finally {
        await port.stop();
        await twin.cleanup();
      }
    });
  });
}
