import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { isTvError, TvErrorCodes, type TvPort } from './port.js';

export interface TvHarness {
  port: TvPort;
  /** The TV as the world sees it: its power and the physical address it shows. */
  observe(): Promise<{ power: string; input: string | undefined }>;
  /** Lets the TV finish warming up (fake time for the sim, the twin's control for cec-ctl). */
  warmUp(): Promise<void>;
  /** Pulls the TV's power cord (it stops acknowledging) or plugs it back in. */
  setPlugged(plugged: boolean): Promise<void>;
  /** The room box's physical address as the harness set it up. */
  physicalAddress: string;
  cleanup(): Promise<void>;
}

/** The contract every TV driver and the sim twin pass. */
export function tvContract(name: string, makeHarness: () => Promise<TvHarness>): void {
  describe(`tv port contract: ${name}`, () => {
    let h: TvHarness;
    beforeEach(async () => {
      h = await makeHarness();
      await h.port.start();
    });
    afterEach(async () => {
      await h.port.stop();
      await h.cleanup();
    });

    it('a TV in standby powers on (through toOn) and back to standby', async () => {
      assert.equal(await h.port.powerStatus(), 'standby');
      await h.port.setPower(true);
      assert.equal((await h.observe()).power, 'toOn');
      assert.equal(await h.port.powerStatus(), 'toOn');
      await h.warmUp();
      assert.equal(await h.port.powerStatus(), 'on');
      await h.port.setPower(true);
      assert.equal((await h.observe()).power, 'on', 'on again keeps it on');
      await h.port.setPower(false);
      assert.equal((await h.observe()).power, 'standby');
      assert.equal(await h.port.powerStatus(), 'standby');
    });

    it('selecting the input makes the room box the active source', async () => {
      await h.port.setPower(true);
      await h.port.selectInput();
      assert.equal((await h.observe()).input, h.physicalAddress);
    });

    it('an unplugged TV: no acknowledgement, status unknown; plugged back it obeys', async () => {
      await h.setPlugged(false);
      await assert.rejects(h.port.setPower(true), (e: unknown) => isTvError(e, TvErrorCodes.NO_ACK));
      assert.equal(await h.port.powerStatus(), 'unknown');
      await h.setPlugged(true);
      await h.port.setPower(true);
      await h.warmUp();
      assert.equal(await h.port.powerStatus(), 'on');
    });
  });
}
