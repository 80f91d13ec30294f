import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MpvPlayer } from './mpv-player.js';
import { type Pcm16, parseWav16, tonePower } from './pcm-analysis.js';
import { MUSIC_HZ, makeLeftRightSong, makeTempDir, makeTwoTrackSong, VOCALS_HZ } from './test-media.js';
import type { VocalCarrier, VocalMode } from './vocal-mode.js';
import { waitForPlayerEvent } from './wait-for-player.js';

/**
 * What the speakers get: mpv writes its output to a WAV file (`--ao=pcm`); the song is played in
 * 伴唱 and in 原唱 and each output channel is measured for the vocals tone and the music tone.
 */
describe('vocal mode changes what the speakers play (mpv --ao=pcm)', () => {
  let tmp: { dir: string; remove: () => Promise<void> };
  before(async () => {
    tmp = await makeTempDir();
  });
  after(async () => {
    await tmp.remove();
  });

  /** One mpv per mode: mpv reopens (truncates) its pcm file when the audio output is set up again. */
  async function playInMode(file: string, vocals: VocalCarrier, vocalMode: VocalMode): Promise<Pcm16> {
    const wav = join(tmp.dir, `out-${vocalMode}.wav`);
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
      const ended = waitForPlayerEvent(player, 'ended', () => true, 10_000);
      await player.load(file, { vocals, vocalMode });
      assert.equal((await ended).reason, 'eof');
    } finally {
      await player.close(); // quit: mpv finishes the WAV header
    }
    return parseWav16(await readFile(wav));
  }

  /** Power of the vocals tone and of the music tone, per channel, over the middle of the play. */
  function tones(pcm: Pcm16): { vocals: number; music: number }[] {
    const frames = pcm.samples[0]?.length ?? 0;
    assert.ok(frames > pcm.sampleRate * 1.5, `played ${frames} frames`);
    const from = Math.floor(frames * 0.2);
    const to = Math.floor(frames * 0.8);
    return pcm.samples.map((s) => ({
      vocals: tonePower(s, pcm.sampleRate, VOCALS_HZ, from, to),
      music: tonePower(s, pcm.sampleRate, MUSIC_HZ, from, to),
    }));
  }

  /** A full-scale sine measures 0.0625 here; silence 0. */
  const AUDIBLE = 0.001;

  async function check(file: string, vocals: VocalCarrier, expectMusicWithVocals: boolean): Promise<void> {
    const off = await playInMode(file, vocals, 'vocalsOff');
    const on = await playInMode(file, vocals, 'vocalsOn');
    assert.equal(off.channels, 2);
    for (const [channel, t] of tones(off).entries()) {
      assert.ok(t.music > AUDIBLE && t.vocals < t.music / 100, `伴唱, channel ${channel}: ${JSON.stringify(t)}`);
    }
    for (const [channel, t] of tones(on).entries()) {
      assert.ok(t.vocals > AUDIBLE, `原唱, channel ${channel}: ${JSON.stringify(t)}`);
      if (expectMusicWithVocals) assert.ok(t.music > AUDIBLE, `原唱, channel ${channel}: ${JSON.stringify(t)}`);
      else assert.ok(t.music < t.vocals / 100, `原唱, channel ${channel}: ${JSON.stringify(t)}`);
    }
  }

  it('L/R file (vocals right): 伴唱 puts the left channel on both speakers, 原唱 the right one', async () => {
    const file = join(tmp.dir, 'lr.wav');
    await makeLeftRightSong(file, 2);
    // 原唱: the right channel only (vocals) on both speakers; 伴唱: the left one (music)
    await check(file, { kind: 'channel', vocalsChannel: 'right' }, false);
  });

  it('two-track file: 伴唱 plays the music-only track, 原唱 the track with vocals', async () => {
    const file = join(tmp.dir, 'two.mkv');
    await makeTwoTrackSong(file, 2);
    // 原唱: vocals + music, about equal power; 伴唱: music alone
    await check(file, { kind: 'track', vocalsTrack: 1, backingTrack: 2 }, true);
  });
});
