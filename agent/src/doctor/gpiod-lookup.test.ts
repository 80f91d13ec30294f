import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCheck } from '@ktv/protocol';
import { GpioTwin } from '../hardware/testing/gpio-twin.js';
import { gpioCheck } from './checks/gpio.js';
import { GpiodLineLookup } from './checks/gpiod-lookup.js';

for (const version of ['1.6.3', '2.1.3']) {
  describe(`doctor GPIO check on the libgpiod ${version} tool twins`, () => {
    it('finds lines by name on the labelled chip, names a holder, and D107 names every missing line', async () => {
      const twin = await GpioTwin.create({ version });
      try {
        twin.hold('GPIO22', 'other-program');
        const lookup = new GpiodLineLookup('pinctrl-bcm2711', twin.env);
        const good = await runCheck(gpioCheck({ names: ['GPIO17', 'GPIO27', 'GPIO22'], lookup, driver: 'gpiod' }));
        assert.equal(good.outcome.status, 'ok', JSON.stringify(good.outcome));
        assert.deepEqual(good.outcome.status === 'ok' && good.outcome.params, {
          count: 3,
          lines: 'GPIO17 (gpiochip0 17), GPIO27 (gpiochip0 27), GPIO22 (gpiochip0 22, held by "other-program")',
        });

        const bad = await runCheck(gpioCheck({ names: ['GPIO17', 'GPIO99', 'DOOR'], lookup, driver: 'gpiod' }));
        assert.equal(bad.outcome.status === 'fault' && bad.outcome.code, 'D107');
        assert.equal(bad.outcome.params?.lines, 'GPIO99, DOOR');

        const wrongChip = new GpiodLineLookup('pinctrl-rp1', twin.env);
        const none = await runCheck(gpioCheck({ names: ['GPIO17'], lookup: wrongChip, driver: 'gpiod' }));
        assert.equal(none.outcome.status === 'fault' && none.outcome.code, 'D107');
        assert.match(none.outcome.detail ?? '', /no GPIO chip labelled "pinctrl-rp1"/);
      } finally {
        await twin.cleanup();
      }
    });
  });
}

describe('doctor GPIO check without the tools', () => {
  it('D107 says the tools are missing', async () => {
    const lookup = new GpiodLineLookup('', { PATH: '/nonexistent' });
    const r = await runCheck(gpioCheck({ names: ['GPIO17'], lookup, driver: 'gpiod' }));
    assert.equal(r.outcome.status === 'fault' && r.outcome.code, 'D107');
    assert.match(r.outcome.detail ?? '', /gpiomon not found/);
  });
});
