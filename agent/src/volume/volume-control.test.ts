import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { VolumeState } from '@ktv/protocol';
import { MAX9744_ADDRESS } from '../hardware/amp/config.js';
import { createMax9744Amp } from '../hardware/amp/max9744.js';
import { createMpvVolumeAmp } from '../hardware/amp/mpv-volume.js';
import { SimI2cBus, simOpenBus } from '../hardware/amp/sim/sim-bus.js';
import { SimMax9744 } from '../hardware/amp/sim/sim-max9744.js';
import { createVolumeControl } from './volume-control.js';

const logger = { info: () => undefined, warn: () => undefined };

function simAmp() {
  const chip = new SimMax9744();
  const bus = new SimI2cBus(1).attach(MAX9744_ADDRESS, chip);
  return { chip, bus, amp: createMax9744Amp({ openBus: simOpenBus(bus), bus: 1 }) };
}

describe('volume control', () => {
  it('applies the initial levels (capped) and changes in order, notifying subscribers', async () => {
    const { chip, amp } = simAmp();
    const vc = createVolumeControl({ amp, musicMax: 80, initial: { music: 90, mic: 50 }, logger });
    await vc.ready();
    assert.deepEqual(vc.state(), { music: 80, mic: 50, musicMax: 80, muted: false });
    assert.equal(chip.volume, 50);
    const seen: VolumeState[] = [];
    vc.subscribe((s) => seen.push(s));
    await Promise.all([vc.set({ music: 10 }), vc.set({ music: 100 }), vc.set({ muted: true })]);
    assert.deepEqual(
      seen.map((s) => [s.music, s.muted]),
      [
        [10, false],
        [80, false],
        [80, true],
      ],
    );
    assert.equal(chip.volume, 0);
    await vc.set({ muted: false });
    assert.equal(chip.volume, 50);
    assert.deepEqual(await vc.step('music', -1), { music: 75, mic: 50, musicMax: 80, muted: false });
    assert.equal((await vc.setMusicMax(60)).music, 60);
    await vc.close();
  });

  it('keeps the mic level in state when the amp has no mic', async () => {
    const sent: number[] = [];
    const vc = createVolumeControl({
      amp: createMpvVolumeAmp({ setVolume: async (v) => void sent.push(v) }),
      musicMax: 100,
      initial: { music: 40, mic: 50 },
      logger,
    });
    assert.equal((await vc.set({ mic: 70 })).mic, 70);
    assert.ok(sent.length > 0 && sent.every((v) => v === 40), String(sent));
  });

  it('a failed write leaves the state unchanged; the next change re-sends everything', async () => {
    const { chip, bus, amp } = simAmp();
    const vc = createVolumeControl({ amp, musicMax: 100, initial: { music: 40, mic: 0 }, logger });
    await vc.ready();
    bus.detach(MAX9744_ADDRESS);
    await assert.rejects(vc.set({ music: 60 }), { code: 'KTV_E_AMP_IO' });
    assert.equal(vc.state().music, 40);
    bus.attach(MAX9744_ADDRESS, chip);
    chip.volume = 40; // power-cycled
    await vc.set({ muted: true });
    await vc.set({ muted: false, music: 100 });
    assert.equal(chip.volume, 63);
  });

  it('an amp missing at start is logged, not thrown', async () => {
    const warnings: string[] = [];
    const amp = createMax9744Amp({ openBus: simOpenBus(new SimI2cBus(1)), bus: 1 });
    const vc = createVolumeControl({
      amp,
      musicMax: 100,
      initial: { music: 40, mic: 0 },
      logger: { info: () => undefined, warn: (_o, m) => void warnings.push(m) },
    });
    await vc.ready();
    assert.ok(warnings.includes('initial volume not applied'), String(warnings));
    assert.equal(vc.state().music, 40);
  });
});
