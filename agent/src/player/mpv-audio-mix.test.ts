import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MpvPlayer } from './mpv-player.js';
import { parseWav16, tonePower } from './pcm-analysis.js';
import { MUSIC_HZ, makeLeftRightSong, makeTempDir, makeTwoTrackSong, VOCALS_HZ } from './test-media.js';
import type { VocalCarrier, VocalMode } from './vocal-mode.js';
import { waitForPlayerEvent } from './wait-for-player.js';

/**
 * What the speakers get: mpv writes its output to a WAV file (`--ao=pcm`), the song is played once
 * in 伴唱 and once in 原唱 in the same mpv, and each half of the file is measured per channel.
 */
describe('vocal mode changes what the speakers play (mpv --ao=pcm)', () => {
  let tmp: { dir: string; remove: () => Promise<void> };
  before(async () => {
    tmp = await makeTempDir();
  });
  after(async () => {
    await tmp.remove();
  });

  async function playBothModes(
    file: string,
    vocals: VocalCarrier,
    wav: string,
  ): Promise<ReturnType<typeof parseWav16>> {
    const player = await MpvPlayer.start({
      dataDir: join(tmp.dir, 'data'),
      extraArgs: [
        '--vo=null',
        '--ao=pcm',
        `--ao-pcm-file=${wav}`,
        '--audio-format=s16',
        '--audio-samplerate=44100',
        '--audio-channels=stereo',
      ],
    });
    try {
      for (const vocalMode of ['vocalsOff', 'vocalsOn'] satisfies VocalMode[]) {
        const ended = waitForPlayerEvent(player, 'ended', () => true, 10_000);
        await player.load(file, { vocals, vocalMode });
        assert.equal((await ended).reason, 'eof');
      }
    } finally {
      await player.close(); // quit: mpv finishes the WAV header
    }
    return parseWav16(await readFile(wav));
  }

  /** Power of the vocals tone over the music tone, per channel, in the middle of each half. */
  function ratios(pcm: ReturnType<typeof parseWav16>): { half: number; channel: number; vocalsOverMusic: number }[] {
    const frames = pcm.samples[0]?.length ?? 0;
    const half = Math.floor(frames / 2);
    const out: { half: number; channel: number; vocalsOverMusic: number }[] = [];
    for (const h of [0, 1]) {
      const from = h * half + Math.floor(half * 0.2);
      const to = h * half + Math.floor(half * 0.8);
      pcm.samples.forEach((s, channel) => {
        const v = tonePower(s, pcm.sampleRate, VOCALS_HZ, from, to);
        const m = tonePower(s, pcm.sampleRate, MUSIC_HZ, from, to);
        out.push({ half: h, channel, vocalsOverMusic: v / (m + 1e-12) });
      });
    }
    return out;
  }

  it('L/R file (vocals right): 伴唱 puts the left channel on both speakers, 原唱 the right one', async () => {
    const file = join(tmp.dir, 'lr.wav');
    await makeLeftRightSong(file, 2);
    const pcm = await playBothModes(file, { kind: 'channel', vocalsChannel: 'right' }, join(tmp.dir, 'out-lr.wav'));
    assert.equal(pcm.channels, 2);
    assert.ok(pcm.samples[0] && pcm.samples[0].length > 44100 * 3.5, 'both plays are in the file');
    for (const r of ratios(pcm)) {
      if (r.half === 0) assert.ok(r.vocalsOverMusic < 0.01, `伴唱, channel ${r.channel}: ${r.vocalsOverMusic}`);
      else assert.ok(r.vocalsOverMusic > 100, `原唱, channel ${r.channel}: ${r.vocalsOverMusic}`);
    }
  });

  it('two-track file: 伴唱 plays the music-only track, 原唱 the track with vocals', async () => {
    const file = join(tmp.dir, 'two.mkv');
    await makeTwoTrackSong(file, 2);
    const pcm = await playBothModes(
      file,
      { kind: 'track', vocalsTrack: 1, backingTrack: 2 },
      join(tmp.dir, 'out-two.wav'),
    );
    for (const r of ratios(pcm)) {
      if (r.half === 0) assert.ok(r.vocalsOverMusic < 0.01, `伴唱, channel ${r.channel}: ${r.vocalsOverMusic}`);
      else assert.ok(r.vocalsOverMusic > 0.3, `原唱, channel ${r.channel}: ${r.vocalsOverMusic}`);
    }
  });
});
