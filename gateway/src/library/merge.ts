import type { SongCandidate } from './candidate.js';
import type { LibraryEntry } from './entry.js';

export interface Duplicate {
  source: string;
  /** The source of the song that was kept. */
  keptSource: string;
  reason: 'same id' | 'same title, artist and media';
}

export interface MergeReport {
  added: number;
  changed: number;
  unchanged: number;
  removed: number;
  duplicates: Duplicate[];
}

/**
 * The library after importing `candidates` from `root` (pure). Songs are compared by id and
 * content hash; a song of this root that the import did not find again is removed; songs of other
 * roots are kept. Of duplicates (same id, or same title + artists + media) the first with lyrics wins.
 */
export function mergeImport(
  previous: readonly LibraryEntry[],
  candidates: readonly SongCandidate[],
  root: string,
  now: number,
  addedAtOf: (c: SongCandidate) => number | undefined = () => undefined,
): { entries: LibraryEntry[]; report: MergeReport } {
  const report: MergeReport = { added: 0, changed: 0, unchanged: 0, removed: 0, duplicates: [] };
  const byId = new Map<string, SongCandidate>();
  const byKey = new Map<string, SongCandidate>();
  // Of two copies of a song, the one with lyrics is kept.
  const ordered = [...candidates].sort((a, b) => Number(a.lyricsFile === null) - Number(b.lyricsFile === null));
  for (const c of ordered) {
    const kept = byId.get(c.id);
    if (kept) {
      report.duplicates.push({ source: c.source, keptSource: kept.source, reason: 'same id' });
      continue;
    }
    // The same media: the same file, or a copy of it (same size and duration).
    const media = `${c.stamp.split(':')[0]}:${c.durationMs}`;
    const key = JSON.stringify([c.title.toLowerCase(), c.artists.map((a) => a.toLowerCase()), media]);
    const sameSong = byKey.get(key);
    if (sameSong) {
      report.duplicates.push({ source: c.source, keptSource: sameSong.source, reason: 'same title, artist and media' });
      continue;
    }
    byId.set(c.id, c);
    byKey.set(key, c);
  }
  const entries: LibraryEntry[] = [];
  for (const old of previous) {
    const c = byId.get(old.id);
    if (!c) {
      if (old.root === root) report.removed++;
      else entries.push(old);
      continue;
    }
    byId.delete(old.id);
    if (c.contentHash === old.contentHash && old.root === root) {
      report.unchanged++;
      entries.push(old);
    } else {
      report.changed++;
      entries.push(toEntry(c, old.addedAt, root));
    }
  }
  for (const c of byId.values()) {
    report.added++;
    entries.push(toEntry(c, addedAtOf(c) ?? now, root));
  }
  return { entries, report };
}

function toEntry(c: SongCandidate, addedAt: number, root: string): LibraryEntry {
  const { source: _source, ...rest } = c;
  return { ...rest, addedAt, root };
}
