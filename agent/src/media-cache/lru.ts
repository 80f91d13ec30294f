/** A file in the media cache as the eviction rule sees it. */
export interface CachedFile {
  name: string;
  bytes: number;
  /** When it was last played or fetched (ms). */
  lastUsedAt: number;
}

/**
 * Pure: the files to delete so that the cache holds at most `maxBytes` (plus `incomingBytes`
 * about to arrive), least recently used first, never one in `keep` (queued or playing). When
 * the kept files alone are over the bound, everything else goes and the cache stays over it.
 */
export function chooseEvictions(
  files: readonly CachedFile[],
  keep: ReadonlySet<string>,
  maxBytes: number,
  incomingBytes = 0,
): string[] {
  let total = incomingBytes;
  for (const f of files) total += f.bytes;
  const candidates = files
    .filter((f) => !keep.has(f.name))
    .sort((a, b) => a.lastUsedAt - b.lastUsedAt || a.name.localeCompare(b.name));
  const out: string[] = [];
  for (const f of candidates) {
    if (total <= maxBytes) break;
    out.push(f.name);
    total -= f.bytes;
  }
  return out;
}

/**
 * Pure: the songs to fetch ahead, in queue order (playing first), skipping cached ones and
 * duplicates, at most `limit` (the playing song does not count against it).
 */
export function prefetchOrder(
  queue: readonly string[],
  isCached: (songId: string) => boolean,
  limit: number,
  playing: string | null = null,
): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  if (playing !== null && !isCached(playing)) {
    out.push(playing);
    seen.add(playing);
  }
  let counted = 0;
  for (const id of queue) {
    if (counted >= limit) break;
    if (seen.has(id)) continue;
    seen.add(id);
    counted += 1;
    if (!isCached(id)) out.push(id);
  }
  return out;
}
