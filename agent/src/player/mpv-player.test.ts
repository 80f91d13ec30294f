import { join } from 'node:path';
import { after, before } from 'node:test';
import { MpvPlayer } from './mpv-player.js';
import { playerContract } from './player-contract.js';
import { makeTempDir, makeTwoTrackSong } from './test-media.js';

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
