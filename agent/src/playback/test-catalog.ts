import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeLeftRightSong, makeTwoTrackSong } from '../player/test-media.js';

/**
 * A small catalog of short songs made with ffmpeg in `dir` (tests and the bench): `two` has two
 * audio tracks and word-timed lyrics, `lr` carries its vocals on the right channel, `bg` is 公播.
 */
export async function makeTestCatalog(dir: string, seconds: { two: number; lr: number; bg: number }): Promise<string> {
  await Promise.all([
    makeTwoTrackSong(join(dir, 'two.mkv'), seconds.two),
    makeLeftRightSong(join(dir, 'lr.wav'), seconds.lr),
    makeTwoTrackSong(join(dir, 'bg.mkv'), seconds.bg),
    writeFile(
      join(dir, 'two.lrc'),
      '[ti:双轨]\n[00:00.50]<00:00.50>第<00:01.00>一<00:01.50>行<00:02.00>\n[00:02.50]第二行\n',
    ),
  ]);
  const catalog = {
    version: 1,
    songs: [
      {
        id: 'two',
        title: '双轨歌',
        artist: '测试',
        language: '国语',
        durationMs: seconds.two * 1000,
        media: 'two.mkv',
        lyrics: 'two.lrc',
        vocals: { kind: 'track', vocalsTrack: 1, backingTrack: 2 },
      },
      {
        id: 'lr',
        title: '左右声道',
        artist: '测试',
        language: '国语',
        durationMs: seconds.lr * 1000,
        media: 'lr.wav',
        vocals: { kind: 'channel', vocalsChannel: 'right' },
      },
    ],
    backgroundPlaylist: [{ id: 'bg', title: '公播', durationMs: seconds.bg * 1000, media: 'bg.mkv' }],
  };
  const file = join(dir, 'catalog.json');
  await writeFile(file, JSON.stringify(catalog, null, 2));
  return file;
}
