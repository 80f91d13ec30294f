import assert from 'node:assert/strict';
import { it } from 'node:test';
import { FakeClock } from '../../time/fake-clock.js';
import { CONTRACT_OUTPUTS, outputContract } from './output-contract.js';
import { SimOutputs } from './sim-outputs.js';

outputContract('sim relays', async () => {
  const port = new SimOutputs({ clock: new FakeClock(), outputs: CONTRACT_OUTPUTS });
  return { port, observe: async () => ({ ...port.levels() }), cleanup: async () => undefined };
});

it('sim relays record every change with its time', async () => {
  const clock = new FakeClock(1000);
  const port = new SimOutputs({ clock, outputs: [{ name: 'tvPower' }, { name: 'ampPower', initial: true }] });
  await port.start();
  clock.advance(50);
  await port.set('tvPower', true);
  await port.set('tvPower', true);
  clock.advance(50);
  await port.stop();
  assert.deepEqual(port.history, [
    { output: 'tvPower', on: false, at: 1000 },
    { output: 'ampPower', on: true, at: 1000 },
    { output: 'tvPower', on: true, at: 1050 },
    { output: 'tvPower', on: false, at: 1100 },
    { output: 'ampPower', on: false, at: 1100 },
  ]);
});
