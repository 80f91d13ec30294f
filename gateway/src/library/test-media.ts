import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Test helper: a short real media file made by ffmpeg (two audio tracks named 原唱/伴唱, or one). */
export async function makeMedia(file: string, kind: 'two-tracks' | 'one-track', seconds = 1): Promise<void> {
  const sine = (f: number) => ['-f', 'lavfi', '-i', `sine=frequency=${f}:duration=${seconds}`];
  const args =
    kind === 'two-tracks'
      ? [
          ...sine(440),
          ...sine(660),
          '-map',
          '0',
          '-map',
          '1',
          '-c:a',
          'aac',
          '-metadata:s:a:0',
          'title=原唱',
          '-metadata:s:a:1',
          'title=伴唱',
        ]
      : [...sine(440), '-ac', '2', '-c:a', file.endsWith('.mp3') ? 'libmp3lame' : 'aac'];
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args, file]);
}
