import type { LyricWord } from './types.js';

// One sung unit per character in scripts written without spaces; CJK punctuation is a unit of its own.
const CJK_CHAR =
  '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\u3000-\\u303f\\uff00-\\uffef';
const TOKEN = new RegExp(`[${CJK_CHAR}]\\s*|[^\\s${CJK_CHAR}]+\\s*|\\s+`, 'gu');
const SUNG = /[\p{L}\p{N}]/gu;

/**
 * Splits a line's text into sung units: each CJK character, each whitespace-separated Latin word.
 * A unit keeps the spaces that follow it, so the units joined give the text back.
 */
export function splitSungUnits(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** How many sung characters (letters and digits) a unit has; punctuation takes no time. */
function weightOf(unit: string): number {
  return unit.match(SUNG)?.length ?? 0;
}

/**
 * Words for a line that has no word timing: the line's time spread evenly over its sung characters
 * (a Latin word lasts as long as its letters), tiling [startMs, endMs] exactly in whole ms.
 */
export function spreadWords(text: string, startMs: number, endMs: number): LyricWord[] {
  const units = splitSungUnits(text);
  const weights = units.map(weightOf);
  let total = weights.reduce((a, b) => a + b, 0);
  if (total === 0) {
    weights.fill(1);
    total = units.length;
  }
  const span = endMs - startMs;
  const words: LyricWord[] = [];
  let sum = 0;
  let at = startMs;
  units.forEach((unit, i) => {
    sum += weights[i] ?? 0;
    const end = startMs + Math.round((span * sum) / total);
    words.push({ startMs: at, endMs: end, text: unit });
    at = end;
  });
  return words;
}
