import type { Lyrics } from './types.js';

/** The technician CLI's `--format json` shape: times in ms, offset already applied, lines sorted. */
export interface LyricsJson {
  title: string | null;
  artist: string | null;
  offsetMs: number;
  lines: { startMs: number; endMs: number; text: string; words: { startMs: number; endMs: number; text: string }[] }[];
}

/** Exactly the CLI's JSON fields, in a fixed key order (missing title or artist is null). */
export function toLyricsJson(lyrics: Lyrics): LyricsJson {
  return {
    title: lyrics.title ?? null,
    artist: lyrics.artist ?? null,
    offsetMs: lyrics.offsetMs,
    lines: lyrics.lines.map((l) => ({
      startMs: l.startMs,
      endMs: l.endMs,
      text: l.text,
      words: l.words.map((w) => ({ startMs: w.startMs, endMs: w.endMs, text: w.text })),
    })),
  };
}
