/** Marks a unit without a pinyin reading (kana, hangul, symbols): no query can cross it. */
export const NO_READING = '\u0001';

/** At most this many readings of one title are indexed. */
export const MAX_VARIANTS = 16;
/** Up to this many combinations, every one is indexed; beyond, one polyphone at a time. */
const FULL_PRODUCT = 16;

/**
 * The readings of a whole text, one reading per unit: the first reading of every unit, then the
 * other readings of its polyphonic characters, so that 重来 is found as chonglai and as zhonglai.
 * When there are few combinations all are listed; otherwise the first reading with one unit
 * changed at a time. Units without readings read as NO_READING.
 */
export function readingVariants(units: readonly (readonly string[])[]): string[][] {
  const base = units.map((r) => r[0] ?? NO_READING);
  let product = 1;
  for (const r of units) {
    product *= Math.max(1, r.length);
    if (product > FULL_PRODUCT) break;
  }
  if (product === 1) return [base];
  if (product <= FULL_PRODUCT) {
    // Every combination, counting in mixed radix over the units' readings.
    const out: string[][] = [];
    for (let v = 0; v < product; v++) {
      const variant = base.slice();
      let rest = v;
      for (let u = 0; u < units.length; u++) {
        const r = units[u] as readonly string[];
        if (r.length < 2) continue;
        variant[u] = r[rest % r.length] as string;
        rest = Math.floor(rest / r.length);
      }
      out.push(variant);
    }
    return out;
  }
  const out: string[][] = [base];
  for (let u = 0; u < units.length && out.length < MAX_VARIANTS; u++) {
    const r = units[u] ?? [];
    for (let k = 1; k < r.length && out.length < MAX_VARIANTS; k++) {
      const v = base.slice();
      v[u] = r[k] as string;
      out.push(v);
    }
  }
  return out;
}
