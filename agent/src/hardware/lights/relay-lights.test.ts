import assert from 'node:assert/strict';
import { it } from 'node:test';
import { FakeClock } from '../../time/fake-clock.js';
import { SimOutputs } from '../outputs/sim-outputs.js';
import { isLightError, LightErrorCodes } from './port.js';
import { RelayLights } from './relay-lights.js';

it('relay lights: a channel at or above the threshold closes its relay', async () => {
  const outputs = new SimOutputs({
    clock: new FakeClock(),
    outputs: [{ name: 'lights.main' }, { name: 'lights.wash' }],
  });
  await outputs.start();
  const lights = new RelayLights({ outputs, channels: { main: 'lights.main', red: 'lights.wash' } });
  await lights.start();
  const r = await lights.show({ main: 255, red: 40, uv: 9 });
  assert.deepEqual(r.ignored, ['uv']);
  assert.deepEqual(outputs.levels(), { 'lights.main': true, 'lights.wash': false });
  await lights.show({ red: 128 });
  assert.deepEqual(outputs.levels(), { 'lights.main': false, 'lights.wash': true });
  await assert.rejects(lights.show({ main: 300 }), (e: unknown) => isLightError(e, LightErrorCodes.RANGE));
  assert.throws(() => new RelayLights({ outputs, channels: { main: 'nope' } }), /"nope"/);
});
