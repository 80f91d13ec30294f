import { INLINE_TIME_TAG, parseTimeTag } from './time-tag.js';

/** A piece of a line's text with the file times (before offset) that bound it, null = the line's own start/end. */
export interface RawWord {
  text: string;
  startMs: number | null;
  endMs: number | null;
}

/** One timestamped occurrence of a line, in file time (offset not yet applied). */
export interface RawEntry {
  fileMs: number;
  /** The line's text; empty for a gap (a timestamp without text). */
  text: string;
  /** Word timing in file time, already moved to this occurrence; null when the file has none for the line. */
  words: RawWord[] | null;
}

export interface ScannedLrc {
  title?: string;
  artist?: string;
  album?: string;
  offsetMs: number;
  entries: RawEntry[];
  warnings: string[];
}

const META = /^\[([A-Za-z]+)\s*:(.*)\]$/;
const LEADING_TAG = /^\[([^\]]*)\]/;
const OFFSET = /^[+-]?\d+$/;

/** Reads LRC text line by line into metadata and timestamped entries; times are still the file's. */
export function scanLrc(text: string): ScannedLrc {
  const out: ScannedLrc = { offsetMs: 0, entries: [], warnings: [] };
  const rows = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  rows.forEach((row, i) => {
    scanRow(row.trim(), i + 1, out);
  });
  return out;
}

function scanRow(row: string, lineNo: number, out: ScannedLrc): void {
  if (row === '') return;
  const meta = META.exec(row);
  if (meta !== null) {
    readMeta((meta[1] ?? '').toLowerCase(), (meta[2] ?? '').trim(), lineNo, out);
    return;
  }
  const times: number[] = [];
  let rest = row;
  for (let tag = LEADING_TAG.exec(rest); tag !== null; tag = LEADING_TAG.exec(rest)) {
    const ms = parseTimeTag(tag[1] ?? '');
    if (ms === null) break;
    times.push(ms);
    rest = rest.slice(tag[0].length);
  }
  const first = times[0];
  if (first === undefined) {
    out.warnings.push(`line ${lineNo}: not a lyric line, skipped: ${preview(row)}`);
    return;
  }
  const words = scanWords(rest);
  const plain = (words ?? []).map((w) => w.text).join('');
  const lineText = words === null ? rest.trim() : plain.trim();
  for (const fileMs of times) {
    const shift = fileMs - first;
    const moved = words?.map((w) => ({ text: w.text, startMs: plus(w.startMs, shift), endMs: plus(w.endMs, shift) }));
    out.entries.push({ fileMs, text: lineText, words: lineText === '' ? null : (moved ?? null) });
  }
}

function readMeta(key: string, value: string, lineNo: number, out: ScannedLrc): void {
  if (key === 'ti' && value !== '') out.title = value;
  else if (key === 'ar' && value !== '') out.artist = value;
  else if (key === 'al' && value !== '') out.album = value;
  else if (key === 'offset') {
    if (OFFSET.test(value)) out.offsetMs = Number(value);
    else out.warnings.push(`line ${lineNo}: offset is not a whole number of ms, ignored: ${preview(value)}`);
  }
  // Other tags ([by:], [re:], [ve:], [length:], [au:], ...) carry nothing the room needs.
}

/**
 * Word timing inside a line: text between time tags. A tag ends the text before it and starts the
 * text after it, so both `<t1>月<t2>亮<t3>` (times before words) and `月<t2>亮<t3>` (times after
 * words) work. Whitespace-only pieces join the word before them. Null when the line has no tag.
 */
function scanWords(content: string): RawWord[] | null {
  const pieces: { text: string; at: number | null }[] = [];
  let last = 0;
  let tagged = false;
  for (const m of content.matchAll(INLINE_TIME_TAG)) {
    const at = parseTimeTag(m[1] ?? m[2] ?? '');
    pieces.push({ text: content.slice(last, m.index), at });
    last = m.index + m[0].length;
    tagged = true;
  }
  if (!tagged) return null;
  pieces.push({ text: content.slice(last), at: null });
  const words: RawWord[] = [];
  let cursor: number | null = null;
  for (const { text, at } of pieces) {
    const prev = words[words.length - 1];
    if (text.trim() !== '') words.push({ text, startMs: cursor, endMs: at });
    else if (prev !== undefined) {
      prev.text += text;
      if (at !== null) prev.endMs = at;
    }
    if (at !== null) cursor = at;
  }
  return words;
}

function plus(ms: number | null, shift: number): number | null {
  return ms === null ? null : ms + shift;
}

function preview(s: string): string {
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
}
