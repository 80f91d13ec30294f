/**
 * A sorted array of suffixes of a text buffer (many texts, each ended by 0), for prefix search by
 * binary search. Only chosen positions (unit starts) are suffixes. Each suffix carries a 32-bit
 * payload (the caller's entry id and flags).
 */
export interface SuffixArray {
  readonly buf: Uint16Array;
  /** Suffix start positions in buf, sorted by the suffix text. */
  readonly pos: Uint32Array;
  /** Payload of each suffix, in the same order as pos. */
  readonly payload: Uint32Array;
}

/**
 * Sorts the suffixes: the first few code units of each suffix are packed with its index into one
 * float64 and sorted natively; only runs that share the packed prefix are compared further.
 */
export function buildSuffixArray(buf: Uint16Array, starts: Uint32Array, payload: Uint32Array): SuffixArray {
  const m = starts.length;
  // Dense, order-preserving codes for the code units present (0 stays 0: the end of a text).
  const present = new Uint8Array(65536);
  for (let i = 0; i < buf.length; i++) present[buf[i] as number] = 1;
  const dense = new Uint16Array(65536);
  let k = 0;
  for (let c = 1; c < 65536; c++) if (present[c]) dense[c] = ++k;
  const bits = Math.max(1, Math.ceil(Math.log2(k + 1)));
  const idxBits = Math.max(1, Math.ceil(Math.log2(m + 1)));
  const depth = Math.max(1, Math.floor((53 - idxBits) / bits));
  const symbolScale = 2 ** bits;
  const idxScale = 2 ** idxBits;

  const packed = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const p = starts[i] as number;
    let key = 0;
    let ended = false;
    for (let d = 0; d < depth; d++) {
      const c = ended ? 0 : (buf[p + d] as number);
      if (c === 0) ended = true;
      key = key * symbolScale + (ended ? 0 : (dense[c] as number));
    }
    packed[i] = key * idxScale + i;
  }
  packed.sort();

  const order = new Uint32Array(m);
  const keys = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const v = packed[i] as number;
    const key = Math.floor(v / idxScale);
    order[i] = v - key * idxScale;
    keys[i] = key;
  }
  // Runs with the same packed prefix and no end of text inside it: compare the rest.
  const cmp = (a: number, b: number): number => {
    let pa = (starts[a] as number) + depth;
    let pb = (starts[b] as number) + depth;
    for (;;) {
      const ca = buf[pa++] as number;
      const cb = buf[pb++] as number;
      if (ca !== cb) return ca - cb;
      if (ca === 0) return 0;
    }
  };
  let i = 0;
  while (i < m) {
    let j = i + 1;
    while (j < m && keys[j] === keys[i]) j++;
    if (j - i > 1 && (keys[i] as number) % symbolScale !== 0) {
      const run = Array.from(order.subarray(i, j));
      run.sort(cmp);
      order.set(run, i);
    }
    i = j;
  }

  const pos = new Uint32Array(m);
  const pay = new Uint32Array(m);
  for (let r = 0; r < m; r++) {
    const e = order[r] as number;
    pos[r] = starts[e] as number;
    pay[r] = payload[e] as number;
  }
  return { buf, pos, payload: pay };
}

/** -1, 0 or 1: the suffix at p against q, where 0 means q is a prefix of the suffix. */
function compareAt(buf: Uint16Array, p: number, q: Uint16Array): number {
  for (let k = 0; k < q.length; k++) {
    const c = buf[p + k] as number;
    const d = q[k] as number;
    if (c !== d) return c < d ? -1 : 1;
  }
  return 0;
}

/** The range [lo, hi) of suffixes that start with q (q has no 0). */
export function prefixRange(sa: SuffixArray, q: Uint16Array): [number, number] {
  const { buf, pos } = sa;
  let lo = 0;
  let hi = pos.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareAt(buf, pos[mid] as number, q) < 0) lo = mid + 1;
    else hi = mid;
  }
  const first = lo;
  hi = pos.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareAt(buf, pos[mid] as number, q) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return [first, lo];
}

export function toCodes(s: string): Uint16Array {
  const out = new Uint16Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
