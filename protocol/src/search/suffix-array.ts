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
 * Sorts the suffixes most-significant-first: the next few code units of each suffix (as dense,
 * order-preserving codes) are packed with its place into one float64 and sorted natively; runs
 * that still tie are sorted again on the following code units, small runs by comparison.
 */
export function buildSuffixArray(buf: Uint16Array, starts: Uint32Array, payload: Uint32Array): SuffixArray {
  const m = starts.length;
  const present = new Uint8Array(65536);
  for (let i = 0; i < buf.length; i++) present[buf[i] as number] = 1;
  const dense = new Uint16Array(65536);
  let k = 0;
  for (let c = 1; c < 65536; c++) if (present[c]) dense[c] = ++k;
  const bits = Math.max(1, Math.ceil(Math.log2(k + 1)));
  const symbolScale = 2 ** bits;

  const order = new Uint32Array(m);
  const packed = new Float64Array(m);
  const keys = new Float64Array(m);
  const tmp = new Uint32Array(m);
  /** Suffix a against suffix b from their d-th code unit: <0, 0 or >0. */
  const compareFrom = (a: number, b: number, d: number): number => {
    let pa = (starts[a] as number) + d;
    let pb = (starts[b] as number) + d;
    for (;;) {
      const ca = buf[pa++] as number;
      const cb = buf[pb++] as number;
      if (ca !== cb) return ca - cb;
      if (ca === 0) return 0;
    }
  };

  // Ranges of `order` whose suffixes agree on their first d code units: [lo, hi, d].
  const stack: number[] = [];
  bucketByLead(buf, starts, dense, k, order, stack);
  while (stack.length > 0) {
    const d = stack.pop() as number;
    const hi = stack.pop() as number;
    const lo = stack.pop() as number;
    const n = hi - lo;
    if (n < 2) continue;
    if (n < 24) {
      // Small runs: insertion sort in place (no arrays or closures per run: less garbage).
      for (let i = lo + 1; i < hi; i++) {
        const x = order[i] as number;
        let j = i - 1;
        while (j >= lo && compareFrom(order[j] as number, x, d) > 0) {
          order[j + 1] = order[j] as number;
          j--;
        }
        order[j + 1] = x;
      }
      continue;
    }
    const idxBits = Math.ceil(Math.log2(n + 1));
    const idxScale = 2 ** idxBits;
    const depth = Math.max(1, Math.floor((53 - idxBits) / bits));
    for (let i = 0; i < n; i++) {
      const p = (starts[order[lo + i] as number] as number) + d;
      let key = 0;
      let ended = false;
      for (let j = 0; j < depth; j++) {
        const c = ended ? 0 : (buf[p + j] as number);
        if (c === 0) ended = true;
        key = key * symbolScale + (ended ? 0 : (dense[c] as number));
      }
      packed[lo + i] = key * idxScale + i;
    }
    packed.subarray(lo, hi).sort();
    for (let i = lo; i < hi; i++) {
      const v = packed[i] as number;
      const key = Math.floor(v / idxScale);
      tmp[i] = order[lo + (v - key * idxScale)] as number;
      keys[i] = key;
    }
    order.set(tmp.subarray(lo, hi), lo);
    let i = lo;
    while (i < hi) {
      let j = i + 1;
      while (j < hi && keys[j] === keys[i]) j++;
      // Tied and not yet at the end of the text: sort on the next code units.
      if (j - i > 1 && (keys[i] as number) % symbolScale !== 0) stack.push(i, j, d + depth);
      i = j;
    }
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

/**
 * The first pass, by counting sort (stable) on the first code unit, or the first two when the
 * alphabet is small (pinyin: letters and digits): `order` is grouped by them and each group still
 * to sort goes on the stack. The float sorts then see small groups, so each reads more code units.
 */
function bucketByLead(
  buf: Uint16Array,
  starts: Uint32Array,
  dense: Uint16Array,
  k: number,
  order: Uint32Array,
  stack: number[],
): void {
  const m = starts.length;
  const radix = k + 1;
  const lead = radix * radix <= 1 << 16 ? 2 : 1;
  const buckets = lead === 2 ? radix * radix : radix;
  const bucket = new Uint32Array(m);
  const start = new Uint32Array(buckets + 1);
  for (let e = 0; e < m; e++) {
    const p = starts[e] as number;
    const c0 = dense[buf[p] as number] as number;
    const b = lead === 1 ? c0 : c0 * radix + (c0 === 0 ? 0 : (dense[buf[p + 1] as number] as number));
    bucket[e] = b;
    start[b + 1] = (start[b + 1] as number) + 1;
  }
  for (let b = 0; b < buckets; b++) start[b + 1] = (start[b + 1] as number) + (start[b] as number);
  const fill = start.slice(0, buckets);
  for (let e = 0; e < m; e++) {
    const b = bucket[e] as number;
    order[fill[b] as number] = e;
    fill[b] = (fill[b] as number) + 1;
  }
  for (let b = 0; b < buckets; b++) {
    const lo = start[b] as number;
    const hi = start[b + 1] as number;
    // A group whose suffixes ended within the lead is tied to the end: it keeps its order.
    const ended = lead === 1 ? b === 0 : b % radix === 0 || b < radix;
    if (hi - lo > 1 && !ended) stack.push(lo, hi, lead);
  }
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
