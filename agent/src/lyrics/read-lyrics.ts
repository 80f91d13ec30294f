import { decodeLyricBytes } from './decode.js';
import { parseLrc } from './parse-lrc.js';
import type { LyricEncoding, Lyrics, LyricsError } from './types.js';

export type LyricsResult =
  | { ok: true; lyrics: Lyrics; warnings: string[]; encoding: LyricEncoding }
  | { ok: false; error: LyricsError; warnings: string[] };

/** A lyric file's bytes to lyrics: decode, parse, and refuse a file without any lyric line. */
export function readLyrics(bytes: Uint8Array): LyricsResult {
  const decoded = decodeLyricBytes(bytes);
  if (!decoded.ok) return { ok: false, error: decoded.error, warnings: [] };
  const { lyrics, warnings } = parseLrc(decoded.text);
  if (lyrics.lines.length === 0) {
    const message = `no lyric line in the file (${warnings.length} line(s) skipped)`;
    return { ok: false, error: { code: 'KTV_E_LYRICS_EMPTY', message }, warnings };
  }
  return { ok: true, lyrics, warnings, encoding: decoded.encoding };
}
