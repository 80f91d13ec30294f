import { readFile } from 'node:fs/promises';
import { toAss } from '../lyrics/ass.js';
import { toLyricsJson } from '../lyrics/lyrics-json.js';
import { readLyrics } from '../lyrics/read-lyrics.js';

export type LyricsFormat = 'json' | 'ass';

export interface CliOutput {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/**
 * `ktv-agent lyrics convert FILE [--format json|ass]`: prints the lyrics; exit 1 with a message
 * naming the file when it cannot be read, has no lyric line or is in an unknown encoding.
 */
export async function lyricsConvert(file: string, format: LyricsFormat, out: CliOutput): Promise<number> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    out.stderr(`ktv-agent: cannot read ${file}: ${(e as Error).message}\n`);
    return 1;
  }
  const result = readLyrics(bytes);
  for (const w of result.warnings) out.stderr(`ktv-agent: ${file}: warning: ${w}\n`);
  if (!result.ok) {
    out.stderr(`ktv-agent: ${file}: ${result.error.code}: ${result.error.message}\n`);
    return 1;
  }
  out.stdout(format === 'ass' ? toAss(result.lyrics) : `${JSON.stringify(toLyricsJson(result.lyrics), null, 2)}\n`);
  return 0;
}
