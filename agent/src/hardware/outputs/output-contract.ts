import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { isOutputError, type OutputChange, OutputErrorCodes, type OutputPort } from './port.js';

/** What a driver's test gives the contract: the port and the relays as the world sees them. */
export interface OutputHarness {
  /** A port with outputs `tvPower`, `ampPower`, `lights.main` (all initially off) and `fan` (initially on). */
  port: OutputPort;
  /** Whether each output's relay is energised now, read behind the driver (sim state, the tool twin's line). */
  observe(): Promise<Record<string, boolean>>;
  cleanup(): Promise<void>;
}

export const CONTRACT_OUTPUTS = [
  { name: 'tvPower' },
  { name: 'ampPower' },
  { name: 'lights.main' },
  { name: 'fan', initial: true },
] as const;

const rejectsWith = (p: Promise<unknown>, code: string) =>
  assert.rejects(p, (e: unknown) => isOutputError(e) && e.code === code);

/** The contract every output driver and the sim twin pass. */
export function outputContract(name: string, makeHarness: () => Promise<OutputHarness>): void {
  describe(`output port contract: ${name}`, () => {
    let h: OutputHarness;
    let changes: Omit<OutputChange, 'at'>[];
    beforeEach(async () => {
      h = await makeHarness();
      changes = [];
      h.port.onChange(({ output, on }) => changes.push({ output, on }));
    });
    afterEach(async () => {
      await h.port.stop();
      await h.cleanup();
    });

    it('refuses a switch before start', async () => {
      await rejectsWith(h.port.set('tvPower', true), OutputErrorCodes.NOT_RUNNING);
    });

    it('start drives every output to its initial level', async () => {
      await h.port.start();
      const expected = { tvPower: false, ampPower: false, 'lights.main': false, fan: true };
      assert.deepEqual(h.port.levels(), expected);
      assert.deepEqual(await h.observe(), expected);
      assert.deepEqual(h.port.outputs, ['tvPower', 'ampPower', 'lights.main', 'fan']);
    });

    it('switches one output at a time, and a repeat is no change', async () => {
      await h.port.start();
      changes.length = 0;
      await h.port.set('tvPower', true);
      assert.deepEqual(await h.observe(), { tvPower: true, ampPower: false, 'lights.main': false, fan: true });
      await h.port.set('tvPower', true);
      await h.port.set('lights.main', true);
      await h.port.set('tvPower', false);
      assert.deepEqual(await h.observe(), { tvPower: false, ampPower: false, 'lights.main': true, fan: true });
      assert.deepEqual(changes, [
        { output: 'tvPower', on: true },
        { output: 'lights.main', on: true },
        { output: 'tvPower', on: false },
      ]);
      assert.equal(h.port.levels()['lights.main'], true);
    });

    it('an unknown output is refused with its name', async () => {
      await h.port.start();
      await assert.rejects(
        h.port.set('projector', true),
        (e: unknown) => isOutputError(e, OutputErrorCodes.UNKNOWN) && e.message.includes('projector'),
      );
    });

    it('stop releases every relay, and start takes them again', async () => {
      await h.port.start();
      await h.port.set('ampPower', true);
      await h.port.stop();
      assert.deepEqual(await h.observe(), { tvPower: false, ampPower: false, 'lights.main': false, fan: false });
      await rejectsWith(h.port.set('ampPower', true), OutputErrorCodes.NOT_RUNNING);
      await h.port.start();
      await h.port.set('ampPower', true);
      assert.deepEqual(await h.observe(), { tvPower: false, ampPower: true, 'lights.main': false, fan: true });
    });
  });
}
