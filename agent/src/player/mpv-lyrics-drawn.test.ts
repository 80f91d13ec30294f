import assert from 'node:assert/strict';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MpvPlayer } from './mpv-player.js';
import { greyPixels, makeBlueVideo, makeTempDir, writeLyricsAss } from './test-media.js';
import { waitForPlayerEvent } from './wait-for-player.js';

const WIDTH = 320;
const HEIGHT = 240;

/** Plays the clip with mpv writing every frame as PNG (`--vo=image`); returns the last frame's grey pixels. */
async function lastFrame(dataDir: string, outDir: string, video: string, subFile?: string): Promise<Buffer> {
  const player = await MpvPlayer.start({
    dataDir,
    extraArgs: ['--ao=null', '--vo=image', '--vo-image-format=png', `--vo-image-outdir=${outDir}`],
  });
  try {
    const ended = waitForPlayerEvent(player, 'ended', () => true, 10_000);
    await player.load(video, subFile ? { subFile } : {});
    await ended;
  } finally {
    await player.close();
  }
  const frames = (await readdir(outDir)).filter((f) => f.endsWith('.png')).sort();
  const last = frames.at(-1);
  assert.ok(last, 'mpv wrote frames');
  const px = await greyPixels(join(outDir, last));
  assert.equal(px.length, WIDTH * HEIGHT);
  return px;
}

function brightPixels(px: Buffer, fromRow: number, toRow: number): number {
  let n = 0;
  for (let i = fromRow * WIDTH; i < toRow * WIDTH; i++) if ((px[i] ?? 0) > 200) n++;
  return n;
}

describe('lyrics are drawn on the TV (mpv --vo=image)', () => {
  let tmp: { dir: string; remove: () => Promise<void> };
  before(async () => {
    tmp = await makeTempDir();
  });
  after(async () => {
    await tmp.remove();
  });

  it('an ASS file added with sub-add shows up in the subtitle band and nowhere else', async () => {
    const video = join(tmp.dir, 'blue.mkv');
    const ass = join(tmp.dir, 'lyrics.ass');
    await makeBlueVideo(video, 1);
    await writeLyricsAss(ass, '月光小夜曲');
    await mkdir(join(tmp.dir, 'plain'));
    await mkdir(join(tmp.dir, 'sung'));
    const plain = await lastFrame(join(tmp.dir, 'data'), join(tmp.dir, 'plain'), video);
    const sung = await lastFrame(join(tmp.dir, 'data'), join(tmp.dir, 'sung'), video, ass);
    const band = { from: Math.floor(HEIGHT * 0.6), to: HEIGHT };
    assert.equal(brightPixels(plain, band.from, band.to), 0, 'no white in the picture without lyrics');
    const lit = brightPixels(sung, band.from, band.to);
    assert.ok(lit > 300, `white lyric pixels in the subtitle band: ${lit}`);
    assert.equal(brightPixels(sung, 0, Math.floor(HEIGHT * 0.5)), 0, 'nothing drawn in the upper half');
  });
});
