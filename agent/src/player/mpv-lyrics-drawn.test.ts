import assert from 'node:assert/strict';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MpvPlayer } from './mpv-player.js';
import { greyPixels, makeBlueVideo, makeTempDir, writeLyricsAss } from './test-media.js';
import { waitForPlayerEvent } from './wait-for-player.js';

const WIDTH = 320;
const HEIGHT = 240;

/**
 * Plays the clip with mpv writing every frame as PNG (`--vo=image`, no frame dropping, so a busy
 * machine still gets every frame); returns each frame's grey pixels, in order.
 */
async function frames(dataDir: string, outDir: string, video: string, subFile?: string): Promise<Buffer[]> {
  const player = await MpvPlayer.start({
    dataDir,
    extraArgs: ['--ao=null', '--framedrop=no', '--vo=image', '--vo-image-format=png', `--vo-image-outdir=${outDir}`],
  });
  try {
    const ended = waitForPlayerEvent(player, 'ended', () => true, 10_000);
    await player.load(video, subFile ? { subFile } : {});
    await ended;
  } finally {
    await player.close();
  }
  const names = (await readdir(outDir)).filter((f) => f.endsWith('.png')).sort();
  assert.ok(names.length > 0, 'mpv wrote frames');
  const all: Buffer[] = [];
  for (const name of names) {
    const px = await greyPixels(join(outDir, name));
    assert.equal(px.length, WIDTH * HEIGHT);
    all.push(px);
  }
  return all;
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
    const plain = await frames(join(tmp.dir, 'data'), join(tmp.dir, 'plain'), video);
    const sung = await frames(join(tmp.dir, 'data'), join(tmp.dir, 'sung'), video, ass);
    const band = { from: Math.floor(HEIGHT * 0.6), to: HEIGHT };
    const inBand = (px: Buffer) => brightPixels(px, band.from, band.to);
    assert.deepEqual(
      plain.map(inBand).filter((n) => n > 0),
      [],
      'no white in any frame without lyrics',
    );
    // The lyric line spans the whole clip: the frames after the first (the subtitle track may
    // still be loading for the very first one) all show it.
    const lit = sung.slice(1).map(inBand);
    assert.ok(lit.length > 0, 'more than one frame');
    assert.ok(
      lit.every((n) => n > 300),
      `white lyric pixels in the subtitle band, per frame: ${sung.map(inBand).join(', ')}`,
    );
    for (const px of sung) assert.equal(brightPixels(px, 0, Math.floor(HEIGHT * 0.5)), 0, 'nothing in the upper half');
  });
});
