import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** Short media made with ffmpeg for the player's tests, in a temp folder removed afterwards. */

const run = promisify(execFile);

export async function ffmpeg(args: readonly string[]): Promise<void> {
  await run('ffmpeg', ['-v', 'error', '-nostdin', '-y', ...args]);
}

export async function makeTempDir(prefix = 'ktv-player-'): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Frequencies in the test songs: the "music" is a low tone, the "vocals" a high one. */
export const MUSIC_HZ = 300;
export const VOCALS_HZ = 1000;

/** A video with two audio tracks: 1 = vocals + music, 2 = music only. */
export async function makeTwoTrackSong(path: string, seconds: number): Promise<void> {
  await ffmpeg([
    ...['-f', 'lavfi', '-i', `testsrc2=s=160x120:r=10:d=${seconds}`],
    ...['-f', 'lavfi', '-i', `sine=f=${MUSIC_HZ}:d=${seconds}`],
    ...['-f', 'lavfi', '-i', `sine=f=${VOCALS_HZ}:d=${seconds}`],
    '-filter_complex',
    '[1:a]asplit[m1][m2];[m1][2:a]amix=inputs=2:normalize=0[mix]',
    ...['-map', '0:v', '-map', '[mix]', '-map', '[m2]'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-ac', '2', path],
  ]);
}

/** A stereo song in the KTV L/R layout: left = music only, right = vocals (`vocalsChannel: 'right'`). */
export async function makeLeftRightSong(path: string, seconds: number): Promise<void> {
  await ffmpeg([
    ...['-f', 'lavfi', '-i', `sine=f=${MUSIC_HZ}:d=${seconds}`],
    ...['-f', 'lavfi', '-i', `sine=f=${VOCALS_HZ}:d=${seconds}`],
    ...['-filter_complex', '[0:a][1:a]join=inputs=2:channel_layout=stereo[a]', '-map', '[a]'],
    ...['-c:a', 'pcm_s16le', path],
  ]);
}

/** A plain dark-blue picture (so that white lyrics stand out), no audio. */
export async function makeBlueVideo(path: string, seconds: number): Promise<void> {
  await ffmpeg([
    ...['-f', 'lavfi', '-i', `color=c=0x102040:s=320x240:r=10:d=${seconds}`],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', path],
  ]);
}

/** An ASS file with one big white line near the bottom, shown for the whole clip. */
export async function writeLyricsAss(path: string, text: string): Promise<void> {
  const ass = [
    '[Script Info]',
    'ScriptType: v4.00+',
    'PlayResX: 320',
    'PlayResY: 240',
    '',
    '[V4+ Styles]',
    'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding',
    'Style: Lyric,Noto Sans CJK SC,40,&H00FFFFFF,&H00FFFFFF,&H00000000,&H00000000,1,0,0,0,100,100,0,0,1,2,0,2,10,10,20,1',
    '',
    '[Events]',
    'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
    `Dialogue: 0,0:00:00.00,0:00:30.00,Lyric,,0,0,0,,${text}`,
    '',
  ].join('\n');
  await writeFile(path, ass, 'utf8');
}

/** Decodes an image to 8-bit grey pixels (row-major) with ffmpeg. */
export async function greyPixels(imagePath: string): Promise<Buffer> {
  const { stdout } = await run(
    'ffmpeg',
    ['-v', 'error', '-nostdin', '-i', imagePath, '-f', 'rawvideo', '-pix_fmt', 'gray', '-'],
    { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout;
}
