import assert from 'node:assert/strict';
import { it } from 'node:test';
import { FakeClock } from '../../time/fake-clock.js';
import { sensorContract } from './sensor-contract.js';
import { SimSensorDriver } from './sim-driver.js';

for (const edges of [3, 5, 7]) {
  sensorContract(`sim driver, ${edges} bounce edges`, async () => {
    const clock = new FakeClock();
    const driver = new SimSensorDriver({ clock, pirHoldMs: 2000, bounceEdges: () => edges });
    return {
      driver,
      clock,
      pirHoldMs: 2000,
      advance: async (ms) => clock.advance(ms),
      openDoor: async () => driver.setDoor(true),
      closeDoor: async () => driver.setDoor(false),
      motion: async () => driver.motion(),
      pressCall: async () => driver.pressCall(),
      cleanup: async () => undefined,
    };
  });
}

it('sim driver really bounces: several raw edges for one door change', async () => {
  const clock = new FakeClock();
  const driver = new SimSensorDriver({ clock, pirHoldMs: 1000, bounceEdges: () => 5 });
  const raw: boolean[] = [];
  await driver.start((line, level) => {
    if (line === 'door') raw.push(level);
  });
  driver.setDoor(true);
  clock.advance(10);
  assert.deepEqual(raw, [true, false, true, false, true]);
  await driver.stop();
  assert.equal(clock.pendingTimers, 0);
});
