import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Clock } from '../../time/clock.js';
import { createSensorPort } from './debounced-port.js';
import type { LineChange, SensorDriver, SensorPort } from './port.js';

/** What a driver's test gives the contract suite: the driver, a way to act on the world, and time. */
export interface SensorHarness {
  driver: SensorDriver;
  clock: Clock;
  /** Lets `ms` of (fake or real) time pass. */
  advance(ms: number): Promise<void>;
  openDoor(): Promise<void>;
  closeDoor(): Promise<void>;
  motion(): Promise<void>;
  pressCall(): Promise<void>;
  pirHoldMs: number;
  cleanup(): Promise<void>;
}

const DEBOUNCE_MS = 30;

/**
 * The contract every sensor driver passes (the sim twin now, the gpiod driver later): behind the
 * shared port logic, each physical action turns into exactly the debounced changes expected.
 */
export function sensorContract(name: string, makeHarness: () => Promise<SensorHarness>): void {
  describe(`sensor port contract: ${name}`, () => {
    let h: SensorHarness;
    let port: SensorPort;
    let changes: Omit<LineChange, 'at'>[];

    beforeEach(async () => {
      h = await makeHarness();
      port = createSensorPort(h.driver, { debounceMs: DEBOUNCE_MS, clock: h.clock });
      changes = [];
      port.onChange(({ line, level }) => changes.push({ line, level }));
      await port.start();
    });
    afterEach(async () => {
      await port.stop();
      await h.cleanup();
    });

    it('starts with every line inactive', () => {
      assert.deepEqual(port.levels(), { door: false, motion: false, callButton: false });
    });

    it('a bouncing door contact gives exactly one change each way', async () => {
      await h.openDoor();
      await h.advance(DEBOUNCE_MS + 20);
      assert.deepEqual(changes, [{ line: 'door', level: true }]);
      assert.equal(port.levels().door, true);
      await h.closeDoor();
      await h.advance(DEBOUNCE_MS + 20);
      assert.deepEqual(changes, [
        { line: 'door', level: true },
        { line: 'door', level: false },
      ]);
    });

    it('nothing is reported before the contact has settled', async () => {
      await h.openDoor();
      await h.advance(DEBOUNCE_MS - 10);
      assert.deepEqual(changes, []);
      await h.advance(30);
      assert.equal(changes.length, 1);
    });

    it('PIR: high on motion, low pirHoldMs after the last motion (retriggerable)', async () => {
      await h.motion();
      await h.advance(DEBOUNCE_MS + 5);
      assert.deepEqual(changes, [{ line: 'motion', level: true }]);
      await h.advance(h.pirHoldMs / 2);
      await h.motion();
      await h.advance(h.pirHoldMs - 10);
      assert.deepEqual(changes, [{ line: 'motion', level: true }], 'still held after a retrigger');
      await h.advance(DEBOUNCE_MS + 20);
      assert.deepEqual(changes, [
        { line: 'motion', level: true },
        { line: 'motion', level: false },
      ]);
    });

    it('call button: one press and one release', async () => {
      await h.pressCall();
      await h.advance(1000);
      assert.deepEqual(changes, [
        { line: 'callButton', level: true },
        { line: 'callButton', level: false },
      ]);
    });

    it('reports nothing after stop', async () => {
      await port.stop();
      await h.openDoor();
      await h.advance(DEBOUNCE_MS + 20);
      assert.deepEqual(changes, []);
      await port.start();
    });
  });
}
