import type { CatalogDelta, CatalogSong } from '@ktv/protocol';

/** How many older versions get a delta to the newest one. */
export const DELTA_VERSIONS = 5;
/** Snapshots kept besides the newest (a room may be in the middle of fetching one). */
export const KEEP_OLD_SNAPSHOTS = 2;

/** The delta from `a.from` to `b.to`, given a: from→x and b: x→to (pure). */
export function composeDeltas(a: CatalogDelta, b: CatalogDelta): CatalogDelta {
  if (a.to !== b.from) throw new Error(`cannot compose ${a.from}-${a.to} with ${b.from}-${b.to}`);
  const upserts = new Map<string, CatalogSong>();
  const removes = new Set<string>();
  for (const s of a.upserts) upserts.set(s.id, s);
  for (const id of a.removes) removes.add(id);
  for (const id of b.removes) {
    upserts.delete(id);
    removes.add(id);
  }
  for (const s of b.upserts) {
    removes.delete(s.id);
    upserts.set(s.id, s);
  }
  return { from: a.from, to: b.to, upserts: [...upserts.values()], removes: [...removes] };
}

/** A delta is worth it when it is small against the catalog: at most a fifth of it, or 100 songs. */
export function isSmallDelta(delta: CatalogDelta, songs: number): boolean {
  const changes = delta.upserts.length + delta.removes.length;
  return changes <= Math.max(100, Math.floor(songs / 5));
}

export const snapshotName = (version: number) => `${version}.json.gz`;
export const deltaName = (from: number, to: number) => `${from}-${to}.json.gz`;
const CATALOG_FILE = /^(?:(\d{1,9})|(\d{1,9})-(\d{1,9}))\.json\.gz$/;

/** A file name under /library/catalog/: a snapshot `N.json.gz` or a delta `M-N.json.gz`. */
export function parseCatalogFileName(
  name: string,
): { kind: 'snapshot'; version: number } | { kind: 'delta'; from: number; to: number } | undefined {
  const m = CATALOG_FILE.exec(name);
  if (!m) return undefined;
  if (m[1] !== undefined) return { kind: 'snapshot', version: Number(m[1]) };
  return { kind: 'delta', from: Number(m[2]), to: Number(m[3]) };
}

/** Which catalog files to keep once `current` is the newest version. */
export function keepFile(name: string, current: number): boolean {
  const f = parseCatalogFileName(name);
  if (!f) return true;
  if (f.kind === 'snapshot') return f.version >= current - KEEP_OLD_SNAPSHOTS;
  // One-version steps are what older deltas are composed from.
  if (f.to - f.from === 1 && f.to > current - DELTA_VERSIONS + 1) return true;
  return f.to >= current - KEEP_OLD_SNAPSHOTS && f.from >= current - KEEP_OLD_SNAPSHOTS - DELTA_VERSIONS;
}
