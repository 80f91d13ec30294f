import type { RawEntry, RawWord } from './scan-lrc.js';
import { splitSungUnits, spreadWords } from './spread-words.js';
import type { LyricLine, LyricWord } from './types.js';

/** A line (not the last) lasts until the next timestamp, but at most this long unless its word timing says longer. */
export const MAX_LINE_MS = 10_000;
/** The last line, without word timing to end it, lasts this long per sung unit... */
export const LAST_LINE_MS_PER_UNIT = 500;
/** ...but at least this long... */
export const LAST_LINE_MIN_MS = 3_000;
/** ...and at most this long. */
export const LAST_LINE_MAX_MS = 10_000;

interface TimedEntry {
  startMs: number;
  text: string;
  words: RawWord[] | null;
}

/**
 * Final lines from raw entries: the offset applied (time = file time - offset, never below 0),
 * sorted by start (file order among equal starts), ends set, words resolved.
 * Entries with empty text are gaps: they end the line before them and are not lines themselves.
 *
 * End of a line: the start of the next entry with a later start (a lyric line or a gap), capped at
 * start + MAX_LINE_MS unless the line's own word timing ends later (still never past the next start).
 * End of the last line: its last word-timing tag if it has one, else
 * start + clamp(LAST_LINE_MS_PER_UNIT x sung units, LAST_LINE_MIN_MS, LAST_LINE_MAX_MS).
 */
export function timeLines(entries: readonly RawEntry[], offsetMs: number): LyricLine[] {
  const shift = (ms: number) => Math.max(0, ms - offsetMs);
  const timed: TimedEntry[] = entries
    .map((e) => ({
      startMs: shift(e.fileMs),
      text: e.text,
      words:
        e.words?.map((w) => ({ ...w, startMs: nullable(w.startMs, shift), endMs: nullable(w.endMs, shift) })) ?? null,
    }))
    .sort((a, b) => a.startMs - b.startMs);
  const lines: LyricLine[] = [];
  timed.forEach((entry, i) => {
    if (entry.text === '') return;
    const next = timed.slice(i + 1).find((e) => e.startMs > entry.startMs);
    const endMs = lineEnd(entry, next?.startMs);
    const words =
      entry.words === null
        ? spreadWords(entry.text, entry.startMs, endMs)
        : resolveWords(entry.words, entry.startMs, endMs);
    lines.push({ startMs: entry.startMs, endMs, text: entry.text, words });
  });
  return lines;
}

function lineEnd(entry: TimedEntry, nextStart: number | undefined): number {
  const tagged = entry.words?.[entry.words.length - 1]?.endMs ?? null;
  const taggedEnd = tagged !== null && tagged > entry.startMs ? tagged : null;
  if (nextStart !== undefined) return Math.min(nextStart, Math.max(entry.startMs + MAX_LINE_MS, taggedEnd ?? 0));
  if (taggedEnd !== null) return taggedEnd;
  const units = entry.words?.length ?? splitSungUnits(entry.text).length;
  const estimate = Math.min(LAST_LINE_MAX_MS, Math.max(LAST_LINE_MIN_MS, units * LAST_LINE_MS_PER_UNIT));
  return entry.startMs + estimate;
}

/**
 * Word times from tags: an open start is the line's start, an open end is the next word's start
 * (or the line's end); every time is kept inside the line and never before the word before it.
 */
function resolveWords(raw: readonly RawWord[], startMs: number, endMs: number): LyricWord[] {
  const clamp = (ms: number, floor: number) => Math.min(endMs, Math.max(floor, ms));
  const words: LyricWord[] = [];
  let floor = startMs;
  raw.forEach((w, i) => {
    const start = clamp(w.startMs ?? floor, floor);
    const end = clamp(w.endMs ?? raw[i + 1]?.startMs ?? endMs, start);
    let text = w.text;
    if (i === 0) text = text.trimStart();
    if (i === raw.length - 1) text = text.trimEnd();
    words.push({ startMs: start, endMs: end, text });
    floor = end;
  });
  return words;
}

function nullable(ms: number | null, f: (ms: number) => number): number | null {
  return ms === null ? null : f(ms);
}
