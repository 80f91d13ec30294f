import { U16Builder, U32Builder } from './code-buffer.js';
import type { FoldedText } from './fold.js';
import type { Readings } from './readings.js';
import { buildSuffixArray, prefixRange, type SuffixArray, toCodes } from './suffix-array.js';
import { NO_READING, readingVariants } from './variants.js';

/** How a text matched: the whole text, from its start, or from a later unit. */
export const MATCH_SUBSTRING = 1;
export const MATCH_PREFIX = 2;
export const MATCH_EXACT = 3;
export type MatchClass = typeof MATCH_SUBSTRING | typeof MATCH_PREFIX | typeof MATCH_EXACT;

export type MatchVia = 'chars' | 'pinyin' | 'initials';

/** A query folded once, for every text index it is run against. */
export interface PreparedQuery {
  chars: Uint16Array;
  /** Letters and digits only (spaces dropped), or null when the query has other characters. */
  ascii: Uint16Array | null;
}

/** Suffixes sa.pos[lo..hi) start with the query (of `length` code units). */
export interface MatchRange {
  sa: SuffixArray;
  lo: number;
  hi: number;
  length: number;
  via: MatchVia;
}

export type MatchVisitor = (entry: number, cls: MatchClass, via: MatchVia) => void;

const NO_READING_CODE = NO_READING.charCodeAt(0);

/**
 * The index over a list of texts (song titles, or singer names): three suffix arrays, over the
 * folded characters, over the pinyin of every reading variant and over their initials. Entries
 * are numbered by their position in the list.
 */
export class TextIndex {
  constructor(
    readonly chars: SuffixArray,
    readonly pinyin: SuffixArray,
    readonly initials: SuffixArray,
  ) {}

  static build(texts: readonly FoldedText[], readings: Readings): TextIndex {
    const cBuf = new U16Builder();
    const cStarts = new U32Builder();
    const cPay = new U32Builder();
    const pBuf = new U16Builder();
    const pStarts = new U32Builder();
    const pPay = new U32Builder();
    const iBuf = new U16Builder();
    const iStarts = new U32Builder();
    const iPay = new U32Builder();
    const seenInitials = new Set<string>();

    for (let e = 0; e < texts.length; e++) {
      const t = texts[e] as FoldedText;
      if (t.units.length === 0) continue;
      const base = cBuf.length;
      cBuf.pushString(t.chars);
      cBuf.push(0);
      for (let u = 0; u < t.unitStarts.length; u++) {
        cStarts.push(base + (t.unitStarts[u] as number));
        cPay.push((e << 1) | (u === 0 ? 1 : 0));
      }

      const unitReadings = t.units.map((unit, u) => readings.of(unit, t.single[u] === true));
      seenInitials.clear();
      const variants = readingVariants(unitReadings);
      const first = variants[0] as string[];
      for (let v = 0; v < variants.length; v++) {
        const variant = variants[v] as string[];
        // A suffix after the last unit where this variant differs from the first is already indexed.
        let last = variant.length - 1;
        if (v > 0) while (last >= 0 && variant[last] === first[last]) last--;
        const vBase = pBuf.length;
        let off = 0;
        let initials = '';
        for (let u = 0; u < variant.length; u++) {
          const r = variant[u] as string;
          if (r !== NO_READING && u <= last) {
            pStarts.push(vBase + off);
            pPay.push((e << 1) | (u === 0 ? 1 : 0));
          }
          pBuf.pushString(r);
          off += r.length;
          initials += r[0];
        }
        pBuf.push(0);
        if (seenInitials.has(initials)) continue;
        seenInitials.add(initials);
        let iLast = initials.length - 1;
        if (v > 0) while (iLast >= 0 && initials[iLast] === (first[iLast] as string)[0]) iLast--;
        const iBase = iBuf.length;
        for (let u = 0; u < initials.length; u++) {
          if (initials.charCodeAt(u) !== NO_READING_CODE && u <= iLast) {
            iStarts.push(iBase + u);
            iPay.push((e << 1) | (u === 0 ? 1 : 0));
          }
        }
        iBuf.pushString(initials);
        iBuf.push(0);
      }
    }
    return new TextIndex(
      buildSuffixArray(cBuf.finish(), cStarts.finish(), cPay.finish()),
      buildSuffixArray(pBuf.finish(), pStarts.finish(), pPay.finish()),
      buildSuffixArray(iBuf.finish(), iStarts.finish(), iPay.finish()),
    );
  }

  /** Calls visit for every (entry, how) that matches; an entry may be visited more than once. */
  match(q: PreparedQuery, visit: MatchVisitor): void {
    if (q.chars.length > 0) scan(this.chars, q.chars, 'chars', visit);
    if (q.ascii !== null && q.ascii.length > 0) {
      // One letter: every syllable starting with it is also an initial; the pinyin pass adds nothing.
      if (q.ascii.length > 1) scan(this.pinyin, q.ascii, 'pinyin', visit);
      scan(this.initials, q.ascii, 'initials', visit);
    }
  }

  /** The suffix ranges a query selects, for callers that loop over them without a callback. */
  ranges(q: PreparedQuery): MatchRange[] {
    const out: MatchRange[] = [];
    const add = (sa: SuffixArray, codes: Uint16Array, via: MatchVia): void => {
      const [lo, hi] = prefixRange(sa, codes);
      if (hi > lo) out.push({ sa, lo, hi, length: codes.length, via });
    };
    if (q.chars.length > 0) add(this.chars, q.chars, 'chars');
    if (q.ascii !== null && q.ascii.length > 0) {
      if (q.ascii.length > 1) add(this.pinyin, q.ascii, 'pinyin');
      add(this.initials, q.ascii, 'initials');
    }
    return out;
  }

  /** Suffix entries, for the benchmark's memory report. */
  get suffixCount(): number {
    return this.chars.pos.length + this.pinyin.pos.length + this.initials.pos.length;
  }
}

function scan(sa: SuffixArray, q: Uint16Array, via: MatchVia, visit: MatchVisitor): void {
  const [lo, hi] = prefixRange(sa, q);
  const { buf, pos, payload } = sa;
  const n = q.length;
  for (let i = lo; i < hi; i++) {
    const pay = payload[i] as number;
    const cls: MatchClass =
      (pay & 1) === 0 ? MATCH_SUBSTRING : buf[(pos[i] as number) + n] === 0 ? MATCH_EXACT : MATCH_PREFIX;
    visit(pay >>> 1, cls, via);
  }
}

export function prepareQuery(folded: FoldedText): PreparedQuery {
  const ascii = folded.units.join('');
  return { chars: toCodes(folded.chars), ascii: /^[a-z0-9]+$/.test(ascii) ? toCodes(ascii) : null };
}
