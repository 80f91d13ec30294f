/**
 * Cloud values and the store's own edits, item by item (a rate plan by id, a menu item by
 * itemId). Pure. The rules (docs/cloud-downlink.md):
 * - an item the store left as head office last sent it follows the new push (changed, added,
 *   withdrawn);
 * - an item the store changed (or removed) since the last push keeps the store's version: a local
 *   override, shown on the admin page beside the cloud value;
 * - an item only the store has stays;
 * - on the first push of a kind there is no earlier cloud value to compare with: the push takes
 *   over every item it names (the store adopts head office's list); items it does not name stay.
 */
export interface MergeSpec<T> {
  idOf(item: T): string;
  /** Equal in every field the cloud sets. */
  same(a: T, b: T): boolean;
  /** The item to keep when the cloud's version wins over a local one (e.g. keeps the local stock). */
  adopt(cloud: T, local: T | undefined): T;
}

export interface MergeResult<T> {
  items: T[];
  /** Ids whose local version (or local removal) was kept against the new cloud value. */
  kept: string[];
}

export function mergeItems<T>(
  spec: MergeSpec<T>,
  previousCloud: readonly T[] | undefined,
  nextCloud: readonly T[],
  local: readonly T[],
): MergeResult<T> {
  const prev = new Map((previousCloud ?? []).map((i) => [spec.idOf(i), i]));
  const here = new Map(local.map((i) => [spec.idOf(i), i]));
  const next = new Set(nextCloud.map((i) => spec.idOf(i)));
  const items: T[] = [];
  const kept: string[] = [];
  for (const cloud of nextCloud) {
    const id = spec.idOf(cloud);
    const mine = here.get(id);
    const before = prev.get(id);
    if (mine === undefined) {
      if (previousCloud !== undefined && before !== undefined)
        kept.push(id); // removed by the store: stays removed
      else items.push(spec.adopt(cloud, undefined));
      continue;
    }
    const untouched = spec.same(mine, cloud) || previousCloud === undefined || (before && spec.same(mine, before));
    if (untouched) items.push(spec.adopt(cloud, mine));
    else {
      items.push(mine);
      kept.push(id);
    }
  }
  for (const mine of local) {
    const id = spec.idOf(mine);
    if (next.has(id)) continue;
    const before = prev.get(id);
    if (before !== undefined && spec.same(mine, before)) continue; // withdrawn by head office
    items.push(mine);
  }
  return { items, kept };
}

/** One item as the admin page shows it: the cloud's value and, when the store's differs, the store's. */
export interface OverrideView<T> {
  id: string;
  cloud: T | null;
  local: T | null;
  /** The store's value differs from the cloud's (also: only the store has it, or the store removed it). */
  overridden: boolean;
}

export function overridesOf<T>(
  spec: MergeSpec<T>,
  cloud: readonly T[] | undefined,
  local: readonly T[],
): OverrideView<T>[] {
  const out: OverrideView<T>[] = [];
  const here = new Map(local.map((i) => [spec.idOf(i), i]));
  const seen = new Set<string>();
  for (const c of cloud ?? []) {
    const id = spec.idOf(c);
    seen.add(id);
    const mine = here.get(id) ?? null;
    out.push({ id, cloud: c, local: mine, overridden: mine === null || !spec.same(mine, c) });
  }
  for (const mine of local) {
    const id = spec.idOf(mine);
    if (!seen.has(id)) out.push({ id, cloud: null, local: mine, overridden: cloud !== undefined });
  }
  return out;
}

/** JSON with sorted keys: equal for equal values whatever the key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}
