import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MpvPlayer } from './mpv-player.js';
import { playerContract } from './player-contract.js';
import { makeLeftRightSong, makeTempDir, makeTwoTrackSong } from './test-media.js';
import { waitForPosition } from './wait-for-player.js';

const SONG_SECONDS = 4;
let media: { dir: string; remove: () => Promise<void> };
let song: string;

before(async () => {
  media = await makeTempDir();
  song = join(media.dir, 'two-track.mkv');
  await makeTwoTrackSong(song, SONG_SECONDS);
});
after(async () => {
  await media.remove();
});

playerContract('real mpv (--vo=null --ao=null)', async () => {
  const data = await makeTempDir('ktv-mpv-data-');
  const player = await MpvPlayer.start({ dataDir: data.dir, extraArgs: ['--vo=null', '--ao=null'] });
  return {
    player,
    song: { file: song, durationMs: SONG_SECONDS * 1000, vocals: { kind: 'track', vocalsTrack: 1, backingTrack: 2 } },
    missingFile: join(media.dir, 'missing.mkv'),
    cleanup: async () => {
      await player.close();
      await data.remove();
    },
  };
});

describe('L/R vocal switch on a real mpv', () => {
  it('swaps the pan filter while playing and keeps the position', async (t) => {
    const data = await makeTempDir('ktv-mpv-data-');
    const file = join(media.dir, 'lr.wav');
    await makeLeftRightSong(file, 4);
    const player = await MpvPlayer.start({ dataDir: data.dir, extraArgs: ['--vo=null', '--ao=null'] });
    try {
      await player.load(file, { vocals: { kind: 'channel', vocalsChannel: 'right' }, vocalMode: 'vocalsOff' });
      const client = player.supervisor.client;
      assert.ok(client);
      assert.deepEqual(await client.getProperty('af'), ['@ktvvocal:lavfi']);
      await waitForPosition(player, 1000);
      const before = player.status().positionMs;
      const t0 = performance.now();
      await player.setVocalMode('vocalsOn');
      t.diagnostic(`L/R pan switch acknowledged in ${(performance.now() - t0).toFixed(1)} ms`);
      const raw = await client.command(['get_property', 'af']);
      assert.match(JSON.stringify(raw), /pan=stereo\|c0=c1\|c1=c1/);
      const after = await waitForPosition(player, before + 100);
      assert.ok(after - before < 100 + (performance.now() - t0) + 250, `${before} -> ${after}`);
    } finally {
      await player.close();
      await data.remove();
    }
  });
});
