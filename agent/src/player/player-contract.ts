import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { PlayerError, type PlayerEvent, type PlayerPort } from './player-port.js';
import type { VocalCarrier } from './vocal-mode.js';
import { waitForPlayerEvent, waitForPosition } from './wait-for-player.js';

/** What a driver's test gives the contract suite. Time is real: the sim runs on the system clock. */
export interface PlayerHarness {
  player: PlayerPort;
  /** A song of a few seconds with two audio tracks. */
  song: { file: string; durationMs: number; vocals: VocalCarrier };
  missingFile: string;
  cleanup(): Promise<void>;
}

/** Slack for a real process: IPC round trips, decoder start, position event spacing. */
const SLACK_MS = 250;

/** The contract both the mpv driver and the simulated twin pass. */
export function playerContract(name: string, makeHarness: () => Promise<PlayerHarness>): void {
  describe(`player port contract: ${name}`, () => {
    let h: PlayerHarness;
    let events: PlayerEvent[];

    beforeEach(async () => {
      h = await makeHarness();
      events = [];
      h.player.subscribe((e) => events.push(e));
    });
    afterEach(async () => {
      await h.cleanup();
    });

    it('starts idle with nothing loaded', () => {
      const s = h.player.status();
      assert.equal(s.idle, true);
      assert.equal(s.file, null);
    });

    it('load plays from the start position and the position advances', async () => {
      await h.player.load(h.song.file, { startMs: 1000 });
      const s = h.player.status();
      assert.equal(s.file, h.song.file);
      assert.equal(s.idle, false);
      assert.equal(s.paused, false);
      assert.ok(s.positionMs >= 1000 && s.positionMs < 1000 + SLACK_MS, `position ${s.positionMs}`);
      assert.ok(events.some((e) => e.type === 'loaded' && e.file === h.song.file));
      await waitForPosition(h.player, 1400);
    });

    it('pause holds the position and resume goes on from it', async () => {
      await h.player.load(h.song.file);
      await waitForPosition(h.player, 300);
      await h.player.pause();
      assert.equal(h.player.status().paused, true);
      const held = h.player.status().positionMs;
      await delay(400); // asserting that nothing moves needs some time to pass
      const still = h.player.status().positionMs;
      assert.ok(Math.abs(still - held) < 100, `moved while paused: ${held} -> ${still}`);
      await h.player.resume();
      assert.equal(h.player.status().paused, false);
      await waitForPosition(h.player, still + 200);
    });

    it('seek jumps to an absolute position, paused or playing', async () => {
      await h.player.load(h.song.file, { paused: true });
      await h.player.seek(2500);
      const p = h.player.status().positionMs;
      assert.ok(Math.abs(p - 2500) < SLACK_MS, `after seek ${p}`);
      await h.player.resume();
      await waitForPosition(h.player, 2700);
      await h.player.seek(500);
      assert.ok(h.player.status().positionMs < 500 + SLACK_MS);
      await waitForPosition(h.player, 700);
    });

    it('the end of the file sends ended once, then the player is idle', async () => {
      const ended = waitForPlayerEvent(h.player, 'ended');
      await h.player.load(h.song.file, { startMs: h.song.durationMs - 600 });
      const e = await ended;
      assert.equal(e.file, h.song.file);
      assert.equal(e.reason, 'eof');
      if (!h.player.status().idle) await waitForPlayerEvent(h.player, 'idle', (i) => i.idle);
      assert.equal(h.player.status().file, null);
      assert.equal(events.filter((x) => x.type === 'ended').length, 1);
    });

    it('switching 原唱/伴唱 is immediate and keeps the position', async () => {
      await h.player.load(h.song.file, { vocals: h.song.vocals, vocalMode: 'vocalsOn' });
      assert.equal(h.player.status().vocalMode, 'vocalsOn');
      await waitForPosition(h.player, 800);
      const before = h.player.status().positionMs;
      const t0 = performance.now();
      await h.player.setVocalMode('vocalsOff');
      const tookMs = performance.now() - t0;
      assert.equal(h.player.status().vocalMode, 'vocalsOff');
      const after = await waitForPosition(h.player, before + 100);
      const elapsed = performance.now() - t0;
      assert.ok(after - before <= elapsed + SLACK_MS, `jumped forward: ${before} -> ${after} in ${elapsed} ms`);
      assert.ok(tookMs < 500, `switch took ${tookMs} ms`);
      await h.player.setVocalMode('vocalsOn');
      assert.equal(h.player.status().vocalMode, 'vocalsOn');
    });

    it('volume is kept within 0..100', async () => {
      await h.player.setVolume(150);
      assert.equal(h.player.status().volume, 100);
      await h.player.setVolume(-5);
      assert.equal(h.player.status().volume, 0);
      await h.player.setVolume(42.4);
      assert.equal(h.player.status().volume, 42);
    });

    it('a file that cannot be played is refused and the player stays usable', async () => {
      await assert.rejects(h.player.load(h.missingFile), (err: unknown) => {
        assert.ok(err instanceof PlayerError);
        assert.equal(err.code, 'KTV_E_PLAYER_LOAD');
        return true;
      });
      await h.player.load(h.song.file);
      assert.equal(h.player.status().file, h.song.file);
    });

    it('stop leaves the player idle without an ended event', async () => {
      await h.player.load(h.song.file);
      await h.player.stop();
      if (!h.player.status().idle) await waitForPlayerEvent(h.player, 'idle', (i) => i.idle);
      assert.equal(h.player.status().file, null);
      // a round trip after the stop, so that a late event would have arrived
      await h.player.setVolume(50);
      assert.equal(events.filter((e) => e.type === 'ended').length, 0);
    });

    it('an overlay is drawn over nothing and over a song, replaced, kept through loads and stops, cleared', async () => {
      const welcome = { ass: '{\\an5\\fs120}欢迎光临', resX: 1920, resY: 1080 };
      const other = { ass: '{\\an8\\fs60}101 小包', resX: 1920, resY: 1080 };
      assert.equal(h.player.overlay(7), null);
      await h.player.setOverlay(7, welcome); // over nothing (idle)
      assert.deepEqual(h.player.overlay(7), welcome);
      await h.player.load(h.song.file);
      assert.deepEqual(h.player.overlay(7), welcome, 'a load keeps it');
      await h.player.setOverlay(8, other);
      await h.player.setOverlay(7, other);
      assert.deepEqual(h.player.overlay(7), other, 'replaced');
      await h.player.setOverlay(7, null);
      assert.equal(h.player.overlay(7), null, 'cleared');
      assert.deepEqual(h.player.overlay(8), other, 'another id untouched');
      await h.player.stop();
      assert.deepEqual(h.player.overlay(8), other, 'a stop keeps it');
      await h.player.setOverlay(8, null);
      assert.equal(h.player.overlay(8), null);
      await h.player.setOverlay(8, null); // clearing twice is fine
      await assert.rejects(h.player.setOverlay(64, welcome), (err: unknown) => {
        assert.ok(err instanceof PlayerError);
        assert.equal(err.code, 'KTV_E_PLAYER_STATE');
        return true;
      });
      assert.equal(h.player.overlay(64), null);
    });

    it('a new load replaces the current song without an ended event for it', async () => {
      await h.player.load(h.song.file, { startMs: 2000 });
      await h.player.load(h.song.file, { startMs: 0 });
      assert.ok(h.player.status().positionMs < SLACK_MS);
      await waitForPosition(h.player, 300);
      assert.equal(events.filter((e) => e.type === 'ended').length, 0);
    });
  });
}
