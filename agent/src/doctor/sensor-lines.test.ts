import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfigFile } from '../config/load.js';
import { configuredSensorLines } from './agent-doctor.js';
import { SimLineLookup } from './checks/gpio.js';
import { GpiodLineLookup } from './checks/gpiod-lookup.js';

const examples = new URL('../../../firmware-config/examples/', import.meta.url).pathname;

describe('doctor: which GPIO lines a room box looks for', () => {
  it('the wired example: the line names of sensors.gpio, looked up with the libgpiod tools', async () => {
    const config = await loadConfigFile(`${examples}room-105-wired.json`);
    const lines = configuredSensorLines(config);
    assert.ok(lines);
    assert.deepEqual(lines.names, ['GPIO17', 'GPIO27', 'GPIO22']);
    assert.ok(lines.lookup instanceof GpiodLineLookup);
  });

  it('the simulated driver: its three lines, answered by the simulation', async () => {
    const config = await loadConfigFile(`${examples}room-101.json`);
    const lines = configuredSensorLines(config);
    assert.ok(lines);
    assert.equal(lines.names.length, 3);
    assert.ok(lines.lookup instanceof SimLineLookup);
  });
});
