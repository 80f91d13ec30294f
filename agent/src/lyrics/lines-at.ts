import type { LyricLine, Lyrics } from './types.js';

export interface LinesAt {
  /** The line being sung at the time (startMs <= ms < endMs), or null in a gap, before the first or after the last. */
  current: LyricLine | null;
  /** The line after the current one, or in a gap the line that comes next; null at the end. */
  next: LyricLine | null;
  /** Index of `current` in lyrics.lines, or -1. */
  currentIndex: number;
}

/** The current and next lyric line at a time in the song (for the touchscreen). Binary search. */
export function linesAt(lyrics: Lyrics, ms: number): LinesAt {
  const lines = lyrics.lines;
  // Index of the last line that starts at or before ms, or -1.
  let lo = 0;
  let hi = lines.length - 1;
  let started = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((lines[mid]?.startMs ?? Number.POSITIVE_INFINITY) <= ms) {
      started = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const candidate = lines[started];
  const next = lines[started + 1] ?? null;
  if (candidate !== undefined && ms < candidate.endMs) return { current: candidate, next, currentIndex: started };
  return { current: null, next, currentIndex: -1 };
}
