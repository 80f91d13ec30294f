import assert from 'node:assert/strict';
import { it } from 'node:test';
import { FakeClock } from '../../time/fake-clock.js';
import { isTvError, TvErrorCodes } from './port.js';
import { SimTv } from './sim-tv.js';
import { tvContract } from './tv-contract.js';

tvContract('sim tv', async () => {
  const clock = new FakeClock();
  const port = new SimTv({ clock, warmUpMs: 4000, physicalAddress: '2.0.0.0' });
  return {
    port,
    physicalAddress: '2.0.0.0',
    observe: async () => ({ power: port.status, input: port.input }),
    warmUp: async () => clock.advance(4000),
    setPlugged: async (plugged) => port.setPlugged(plugged),
    cleanup: async () => undefined,
  };
});

it('sim tv records power and input changes with their times', async () => {
  const clock = new FakeClock(0);
  const tv = new SimTv({ clock, warmUpMs: 3000 });
  await assert.rejects(tv.setPower(true), (e: unknown) => isTvError(e, TvErrorCodes.NOT_RUNNING));
  await tv.start();
  await tv.setPower(true);
  await tv.selectInput();
  clock.advance(3000);
  await tv.setPower(false);
  assert.deepEqual(tv.history, [
    { at: 0, kind: 'power', value: 'toOn' },
    { at: 0, kind: 'input', value: '1.0.0.0' },
    { at: 3000, kind: 'power', value: 'on' },
    { at: 3000, kind: 'power', value: 'standby' },
  ]);
});
