import assert from 'node:assert/strict';
import { it } from 'node:test';
import { FakeClock } from '../../time/fake-clock.js';
import { CONTRACT_LAYOUT, lightContract } from './light-contract.js';
import { isLightError, LightErrorCodes } from './port.js';
import { SimLights } from './sim-lights.js';

lightContract('sim lights', async () => {
  const port = new SimLights(CONTRACT_LAYOUT, new FakeClock());
  return {
    port,
    async received(count) {
      assert.equal(port.frames.length, count, 'frames recorded');
      return port.lastFrame?.slots ?? [];
    },
    cleanup: async () => undefined,
  };
});

it('sim lights record each frame with its time and look', async () => {
  const clock = new FakeClock(5000);
  const lights = new SimLights({ slots: 24, channels: { main: [1], red: [2] } }, clock);
  await lights.start();
  clock.advance(10);
  await lights.show({ red: 7 });
  assert.equal(lights.frames.length, 2);
  assert.deepEqual(lights.frames[1]?.look, { main: 0, red: 7 });
  assert.equal(lights.frames[1]?.at, 5010);
  assert.equal(lights.frames[1]?.slots.length, 24);
});

it('a channel map outside the frame is refused at construction', () => {
  assert.throws(
    () => new SimLights({ slots: 24, channels: { main: [25] } }, new FakeClock()),
    (e: unknown) => isLightError(e, LightErrorCodes.CONFIG) && e.message.includes('"main"'),
  );
  assert.throws(() => new SimLights({ slots: 10, channels: {} }, new FakeClock()), /24\.\.512/);
});
