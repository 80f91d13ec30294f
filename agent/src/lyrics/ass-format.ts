/** Small pieces of ASS syntax: times, colours, text escaping. */

/** ms to whole centiseconds, the unit of ASS times and of \k tags. */
export function centiseconds(ms: number): number {
  return Math.round(ms / 10);
}

/** Centiseconds as an ASS time `H:MM:SS.CC`. */
export function assTime(cs: number): string {
  const total = Math.max(0, Math.trunc(cs));
  const h = Math.floor(total / 360_000);
  const m = Math.floor(total / 6_000) % 60;
  const s = Math.floor(total / 100) % 60;
  const c = total % 100;
  return `${h}:${pad2(m)}:${pad2(s)}.${pad2(c)}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

const HEX_COLOUR = /^#([0-9a-fA-F]{2})([0-9a-fA-F]{2})([0-9a-fA-F]{2})$/;

/** `#RRGGBB` to ASS `&H00BBGGRR` (opaque), or null when it is no such colour. */
export function assColour(rgb: string): string | null {
  const m = HEX_COLOUR.exec(rgb);
  if (m === null) return null;
  return `&H00${m[3]}${m[2]}${m[1]}`.toUpperCase();
}

// U+2060 WORD JOINER: invisible, and it keeps a literal backslash from starting \N, \n or \h.
const WORD_JOINER = '\u2060';

/**
 * Text made safe for an ASS Dialogue line: `{` and `}` as libass's `\{` and `\}`; a backslash is
 * not an escape in ASS, so it is followed by a word joiner to keep it from forming \N, \n or \h.
 */
export function escapeAssText(text: string): string {
  return text
    .replace(/\\/g, `\\${WORD_JOINER}`)
    .replace(/[{}]/g, (c) => `\\${c}`)
    .replace(/[\r\n]+/g, ' ');
}

/** A style or font name cannot hold a comma (the field separator). */
export function assName(name: string): string {
  return name.replace(/[,\r\n]/g, ' ').trim();
}

/** Rough width of a text in em: full-width characters 1, others about half. */
export function estimateWidthEm(text: string): number {
  let em = 0;
  for (const ch of text) {
    if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u.test(ch))
      em += 1;
    else if (ch === ' ') em += 0.3;
    else em += 0.6;
  }
  return em;
}
