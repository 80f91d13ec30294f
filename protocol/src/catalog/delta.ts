import type { CatalogDelta, CatalogSong } from './song.js';

/**
 * The songs after `delta`: removed ids dropped, upserted songs replaced in place or appended in
 * the delta's order. Pure; the input is not changed.
 */
export function applyDelta(songs: readonly CatalogSong[], delta: CatalogDelta): CatalogSong[] {
  const removes = new Set(delta.removes);
  const upserts = new Map<string, CatalogSong>();
  for (const s of delta.upserts) upserts.set(s.id, s);
  const out: CatalogSong[] = [];
  for (const s of songs) {
    if (removes.has(s.id)) continue;
    const u = upserts.get(s.id);
    if (u) {
      out.push(u);
      upserts.delete(s.id);
    } else out.push(s);
  }
  for (const u of upserts.values()) if (!removes.has(u.id)) out.push(u);
  return out;
}

/** The delta that turns `before` into `after` (songs compared by their JSON). */
export function diffCatalog(
  before: readonly CatalogSong[],
  after: readonly CatalogSong[],
  from: number,
  to: number,
): CatalogDelta {
  // Songs by id; each pair's JSON is made only to compare it (never all of them held at once).
  const old = new Map<string, CatalogSong>();
  for (const s of before) old.set(s.id, s);
  const upserts: CatalogSong[] = [];
  const seen = new Set<string>();
  for (const s of after) {
    seen.add(s.id);
    const o = old.get(s.id);
    if (o === undefined || (o !== s && JSON.stringify(o) !== JSON.stringify(s))) upserts.push(s);
  }
  const removes: string[] = [];
  for (const id of old.keys()) if (!seen.has(id)) removes.push(id);
  return { from, to, upserts, removes };
}
