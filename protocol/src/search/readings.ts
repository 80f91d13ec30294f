import { pinyin } from 'pinyin-pro';
import { foldText, isHan } from './fold.js';

/**
 * Pinyin readings of one unit, without tones, `ü` as `v` (and also `u`, as guests type both):
 * every reading pinyin-pro knows for a polyphonic character (重 → zhong, chong), the word itself
 * for a Latin word, none for kana, hangul and other characters a pinyin keyboard cannot type.
 * Readings are computed once per distinct character and cached.
 */
export class Readings {
  readonly #cache = new Map<string, readonly string[]>();

  of(unit: string, single: boolean): readonly string[] {
    if (!single) return /^[a-z0-9]+$/.test(unit) ? [unit] : [];
    let r = this.#cache.get(unit);
    if (r === undefined) {
      r = isHan(unit) ? hanReadings(unit) : [];
      this.#cache.set(unit, r);
    }
    return r;
  }

  get size(): number {
    return this.#cache.size;
  }
}

function hanReadings(ch: string): string[] {
  const all = pinyin(ch, { toneType: 'none', multiple: true, type: 'array', v: true });
  const out: string[] = [];
  for (const r of all) {
    if (!/^[a-z]+$/.test(r)) continue;
    if (!out.includes(r)) out.push(r);
    const u = r.replace(/v/g, 'u');
    if (u !== r && !out.includes(u)) out.push(u);
  }
  return out;
}

const shared = new Readings();

/**
 * The first pinyin reading of each unit of a text (a Latin word reads as itself; units without a
 * reading are left out) and its initials: `月亮代表我的心` → yue liang dai biao wo de xin, `yldbwdx`.
 */
export function primaryReading(text: string): { pinyin: string[]; initials: string } {
  const t = foldText(text);
  const pinyin: string[] = [];
  t.units.forEach((unit, u) => {
    const r = shared.of(unit, t.single[u] === true)[0];
    if (r !== undefined) pinyin.push(r);
  });
  return { pinyin, initials: pinyin.map((p) => p[0]).join('') };
}
