/**
 * Text folding for search: titles, singer names and queries go through the same steps, so that
 * what the guest types meets what the catalog says.
 *
 * A text becomes units: one per Chinese (or Japanese kana / Korean hangul) character, one per
 * Latin word or number (`Super`, `2002`). 字数 is the number of units.
 */

export interface FoldedText {
  /** NFKC, lower case, Latin diacritics removed, separators collapsed to one space, trimmed. */
  chars: string;
  /** Offset in `chars` where each unit starts. */
  unitStarts: number[];
  /** Each unit's text: a character, or a word. */
  units: string[];
  /** Per unit: true for a single (CJK) character, false for a word or number. */
  single: boolean[];
}

const HAN = /\p{Script=Han}/u;
const CJK_SINGLE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;
const MARK = /\p{M}/u;
const MARKS = /\p{M}/gu;
/** Apostrophes inside a word join it: `don't` is one word, `dont`. */
const JOINERS = new Set(["'", '’', '`']);

// Character classes, computed once per BMP character (the regular expressions are slow per call).
const C_UNKNOWN = 0;
const C_SINGLE = 1;
const C_WORD = 2;
const C_JOINER = 3;
const C_MARK = 4;
const C_SEPARATOR = 5;
const classes = new Uint8Array(65536);

function classify(ch: string): number {
  if (CJK_SINGLE.test(ch)) return C_SINGLE;
  if (WORD_CHAR.test(ch)) return C_WORD;
  if (JOINERS.has(ch)) return C_JOINER;
  if (MARK.test(ch)) return C_MARK;
  return C_SEPARATOR;
}

function classOf(ch: string): number {
  if (ch.length !== 1) return classify(ch);
  const code = ch.charCodeAt(0);
  let c = classes[code] as number;
  if (c === C_UNKNOWN) {
    c = classify(ch);
    classes[code] = c;
  }
  return c;
}

export const isHan = (ch: string): boolean => HAN.test(ch);

export function foldText(text: string): FoldedText {
  const src = text.normalize('NFKC').toLowerCase();
  let chars = '';
  const unitStarts: number[] = [];
  const units: string[] = [];
  const single: boolean[] = [];
  let word = '';
  let pendingSpace = false;
  const put = (unit: string, isSingle: boolean): void => {
    if (pendingSpace && chars !== '') chars += ' ';
    pendingSpace = false;
    unitStarts.push(chars.length);
    units.push(unit);
    single.push(isSingle);
    chars += unit;
  };
  const endWord = (): void => {
    if (word === '') return;
    const plain = /^[a-z0-9]+$/.test(word) ? word : word.normalize('NFD').replace(MARKS, '').normalize('NFC');
    put(plain === '' ? word : plain, false);
    word = '';
  };
  for (const ch of src) {
    const c = classOf(ch);
    if (c === C_SINGLE) {
      endWord();
      put(ch, true);
    } else if (c === C_WORD || (c === C_MARK && word !== '')) {
      word += ch;
    } else if (c === C_JOINER && word !== '') {
      // part of the word, dropped
    } else {
      endWord();
      pendingSpace = true;
    }
  }
  endWord();
  return { chars, unitStarts, units, single };
}

/** The query as the pinyin and initials indexes see it: letters and digits only, or null. */
export function asciiKey(folded: FoldedText): string | null {
  const s = folded.units.join('');
  return /^[a-z0-9]+$/.test(s) ? s : null;
}
