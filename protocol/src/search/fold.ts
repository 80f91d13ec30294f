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
const MARKS = /\p{M}/gu;
/** Apostrophes inside a word join it: `don't` is one word, `dont`. */
const JOINERS = new Set(["'", '’', '`']);

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
    const plain = word.normalize('NFD').replace(MARKS, '').normalize('NFC');
    put(plain === '' ? word : plain, false);
    word = '';
  };
  for (const ch of src) {
    if (CJK_SINGLE.test(ch)) {
      endWord();
      put(ch, true);
    } else if (WORD_CHAR.test(ch)) {
      word += ch;
    } else if (JOINERS.has(ch) && word !== '') {
      // part of the word, dropped
    } else if (/\p{M}/u.test(ch) && word !== '') {
      word += ch;
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
