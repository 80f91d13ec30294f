import { timeLines } from './line-timing.js';
import { scanLrc } from './scan-lrc.js';
import type { Lyrics } from './types.js';

export interface ParsedLrc {
  lyrics: Lyrics;
  /** One per skipped or doubtful line, naming its line number. */
  warnings: string[];
}

/**
 * Parses LRC text as found in the wild (see scan-lrc.ts and line-timing.ts for the rules). Never
 * throws; a file without a single lyric line gives `lines: []` (readLyrics turns that into an error).
 *
 * Offset: `[offset:+N]` makes the lyrics appear N ms earlier (the LRC convention, as written by
 * common players' "lyrics faster" button), so every output time is file time - N, floored at 0.
 */
export function parseLrc(text: string): ParsedLrc {
  const scanned = scanLrc(text);
  const lyrics: Lyrics = { offsetMs: scanned.offsetMs, lines: timeLines(scanned.entries, scanned.offsetMs) };
  if (scanned.title !== undefined) lyrics.title = scanned.title;
  if (scanned.artist !== undefined) lyrics.artist = scanned.artist;
  if (scanned.album !== undefined) lyrics.album = scanned.album;
  return { lyrics, warnings: scanned.warnings };
}
