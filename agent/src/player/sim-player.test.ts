import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../time/fake-clock.js';
import { playerContract } from './player-contract.js';
import type { PlayerEvent } from './player-port.js';
import { SimPlayer } from './sim-player.js';

const SONG = '/media/song.mkv';
const durations = new Map([[SONG, 4000]]);

playerContract('simulated twin', async () => {
  const player = new SimPlayer({ durationOf: (f) => durations.get(f) ?? null });
  return {
    player,
    song: { file: SONG, durationMs: 4000, vocals: { kind: 'track', vocalsTrack: 1, backingTrack: 2 } },
    missingFile: '/media/missing.mkv',
    cleanup: () => player.close(),
  };
});

describe('simulated player on a fake clock', () => {
  it('moves exactly with the clock and ends on time', async () => {
    const clock = new FakeClock(0);
    const player = new SimPlayer({ clock, durationOf: () => 1000, tickMs: 100 });
    const events: PlayerEvent[] = [];
    player.subscribe((e) => events.push(e));
    await player.load('a', { startMs: 200 });
    clock.advance(300);
    assert.equal(player.status().positionMs, 500);
    await player.pause();
    clock.advance(5000);
    assert.equal(player.status().positionMs, 500);
    await player.resume();
    clock.advance(499);
    assert.equal(events.filter((e) => e.type === 'ended').length, 0);
    clock.advance(1);
    assert.deepEqual(
      events.filter((e) => e.type === 'ended'),
      [{ type: 'ended', file: 'a', reason: 'eof' }],
    );
    assert.equal(player.status().idle, true);
    assert.equal(clock.pendingTimers, 0);
  });
});
