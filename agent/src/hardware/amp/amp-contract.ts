import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { AmpErrorCodes, type AmpPort, isAmpError } from './port.js';

/** What the device puts out now, read from the world behind the driver (sim chip, mixer state, sink). */
export interface AmpOutput {
  audible: boolean;
  /** The device's own music setting (chip code, gain dB, raw mixer value, mpv volume): rises with loudness. */
  music: number;
  /** The device's mic setting, null when the driver has no mic. */
  mic: number | null;
}

export interface AmpHarness {
  amp: AmpPort;
  observe(): Promise<AmpOutput>;
  /** The same driver pointed at a device that is not there (absent: nothing can be missing). */
  missing?: () => AmpPort;
  cleanup(): Promise<void>;
}

const rejectsWith = (p: Promise<unknown>, code: string) =>
  assert.rejects(p, (e: unknown) => isAmpError(e) && e.code === code);

/** The contract every amp driver and the simulated twin pass. */
export function ampContract(name: string, makeHarness: () => Promise<AmpHarness>): void {
  describe(`amp port contract: ${name}`, () => {
    let h: AmpHarness;
    beforeEach(async () => {
      h = await makeHarness();
    });
    afterEach(async () => {
      await h.amp.close();
      await h.cleanup();
    });

    it('probe finds the device', async () => {
      const p = await h.amp.probe();
      assert.equal(p.ok, true, p.message);
      assert.ok(p.message.length > 0);
    });

    it('level 0 is silent, 100 is the loudest, levels rise monotonically', async () => {
      await h.amp.setMuted(false);
      await h.amp.setMusicLevel(0);
      assert.equal((await h.observe()).audible, false);
      const seen: number[] = [];
      for (const l of [1, 10, 25, 50, 75, 99, 100]) {
        await h.amp.setMusicLevel(l);
        const o = await h.observe();
        assert.equal(o.audible, true, `level ${l}`);
        seen.push(o.music);
      }
      assert.deepEqual(
        seen,
        [...seen].sort((a, b) => a - b),
        `not monotonic: ${seen}`,
      );
      assert.ok((seen[0] ?? 0) < (seen[3] ?? 0) && (seen[3] ?? 0) < (seen[6] ?? 0), `${seen}`);
    });

    it('mute silences, keeps the level (also one set while muted) and unmute restores it', async () => {
      await h.amp.setMuted(false);
      await h.amp.setMusicLevel(40);
      const at40 = (await h.observe()).music;
      await h.amp.setMusicLevel(70);
      const at70 = (await h.observe()).music;
      await h.amp.setMusicLevel(40);
      await h.amp.setMuted(true);
      assert.equal((await h.observe()).audible, false);
      await h.amp.setMusicLevel(70);
      assert.equal((await h.observe()).audible, false, 'a level set while muted must not unmute');
      await h.amp.setMuted(false);
      const o = await h.observe();
      assert.equal(o.audible, true);
      assert.equal(o.music, at70);
      assert.notEqual(at40, at70);
    });

    it('refuses levels outside 0..100 or not integers, and changes nothing', async () => {
      await h.amp.setMuted(false);
      await h.amp.setMusicLevel(30);
      const before = await h.observe();
      for (const bad of [-1, 101, 1.5, Number.NaN]) {
        await rejectsWith(h.amp.setMusicLevel(bad), AmpErrorCodes.RANGE);
      }
      assert.deepEqual(await h.observe(), before);
    });

    it('mic level: applied when the driver has a mic, else KTV_E_AMP_UNSUPPORTED', async () => {
      if (!h.amp.hasMic) {
        await rejectsWith(h.amp.setMicLevel(40), AmpErrorCodes.UNSUPPORTED);
        assert.equal((await h.observe()).mic, null);
        return;
      }
      await h.amp.setMicLevel(20);
      const low = (await h.observe()).mic;
      await h.amp.setMicLevel(80);
      const high = (await h.observe()).mic;
      assert.ok(low !== null && high !== null && low < high, `${low} -> ${high}`);
      await rejectsWith(h.amp.setMicLevel(101), AmpErrorCodes.RANGE);
    });

    it('a missing device: probe says so, writes fail with KTV_E_AMP_IO', async (t) => {
      if (!h.missing) return t.skip('nothing to be missing');
      const amp = h.missing();
      const p = await amp.probe();
      assert.equal(p.ok, false);
      assert.ok(p.message.length > 10, p.message);
      await rejectsWith(amp.setMusicLevel(50), AmpErrorCodes.IO);
      await amp.close();
    });

    it('after close, writes fail with KTV_E_AMP_CLOSED', async () => {
      await h.amp.close();
      await rejectsWith(h.amp.setMuted(true), AmpErrorCodes.CLOSED);
    });
  });
}
