/**
 * The `k` smallest of `count` keys (non-negative numbers), ascending. A bounded max-heap when k is
 * small beside count (most keys are rejected by one comparison), a full sort otherwise.
 */
export function smallestKeys(keys: Float64Array, count: number, k: number): Float64Array {
  const n = Math.min(k, count);
  if (n <= 0) return new Float64Array(0);
  if (n * 4 >= count) return keys.slice(0, count).sort().subarray(0, n);
  const heap = new Float64Array(n);
  let size = 0;
  for (let i = 0; i < count; i++) {
    const v = keys[i] as number;
    if (size < n) {
      let c = size++;
      heap[c] = v;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if ((heap[p] as number) >= (heap[c] as number)) break;
        const t = heap[p] as number;
        heap[p] = heap[c] as number;
        heap[c] = t;
        c = p;
      }
    } else if (v < (heap[0] as number)) {
      heap[0] = v;
      let c = 0;
      for (;;) {
        const l = 2 * c + 1;
        const r = l + 1;
        let m = c;
        if (l < n && (heap[l] as number) > (heap[m] as number)) m = l;
        if (r < n && (heap[r] as number) > (heap[m] as number)) m = r;
        if (m === c) break;
        const t = heap[m] as number;
        heap[m] = heap[c] as number;
        heap[c] = t;
        c = m;
      }
    }
  }
  return heap.sort();
}
