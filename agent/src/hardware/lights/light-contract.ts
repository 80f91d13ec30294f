import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { DmxLayout } from './channel-map.js';
import { isLightError, LightErrorCodes, type LightPort } from './port.js';

/** The layout every harness builds its port with. */
export const CONTRACT_LAYOUT: DmxLayout = {
  slots: 32,
  channels: { main: [1], red: [2, 6], green: [3, 7], blue: [4, 8], strobe: [32] },
};

export interface LightHarness {
  port: LightPort;
  /** The DMX slot values the lights received last (index 0 = slot 1), read behind the driver; waits for `count` frames in all. */
  received(count: number): Promise<number[]>;
  cleanup(): Promise<void>;
}

const slotsWith = (set: Record<number, number>): number[] => {
  const out = new Array<number>(CONTRACT_LAYOUT.slots).fill(0);
  for (const [slot, v] of Object.entries(set)) out[Number(slot) - 1] = v;
  return out;
};

/** The contract every light driver that speaks DMX (and the sim twin) passes. */
export function lightContract(name: string, makeHarness: () => Promise<LightHarness>): void {
  describe(`light port contract: ${name}`, () => {
    let h: LightHarness;
    beforeEach(async () => {
      h = await makeHarness();
    });
    afterEach(async () => {
      await h.port.stop();
      await h.cleanup();
    });

    it('refuses a look before start', async () => {
      await assert.rejects(h.port.show({ main: 1 }), (e: unknown) => isLightError(e, LightErrorCodes.NOT_RUNNING));
    });

    it('start shows the dark look', async () => {
      await h.port.start();
      assert.deepEqual(await h.received(1), slotsWith({}));
      assert.deepEqual(h.port.levels(), { main: 0, red: 0, green: 0, blue: 0, strobe: 0 });
    });

    it('a look lands on every slot its channels map to, the rest dark', async () => {
      await h.port.start();
      const r = await h.port.show({ main: 200, red: 255, blue: 17, strobe: 3 });
      assert.deepEqual(r.ignored, []);
      assert.deepEqual(await h.received(2), slotsWith({ 1: 200, 2: 255, 6: 255, 4: 17, 8: 17, 32: 3 }));
      assert.deepEqual(h.port.levels(), { main: 200, red: 255, green: 0, blue: 17, strobe: 3 });
      await h.port.show({ green: 9 });
      assert.deepEqual(await h.received(3), slotsWith({ 3: 9, 7: 9 }), 'a look is complete: the rest goes dark');
    });

    it('channels this room lacks are ignored and named', async () => {
      await h.port.start();
      const r = await h.port.show({ main: 10, uv: 255, laser: 1 });
      assert.deepEqual(r.ignored, ['uv', 'laser']);
      assert.deepEqual(await h.received(2), slotsWith({ 1: 10 }));
    });

    it('a level outside 0..255 is refused with its channel and nothing is sent', async () => {
      await h.port.start();
      for (const bad of [256, -1, 1.5, Number.NaN]) {
        await assert.rejects(
          h.port.show({ main: 5, red: bad }),
          (e: unknown) => isLightError(e, LightErrorCodes.RANGE) && e.message.includes('"red"'),
        );
      }
      await h.port.show({ main: 1 });
      assert.deepEqual(await h.received(2), slotsWith({ 1: 1 }), 'the refused looks sent no frame');
    });
  });
}
