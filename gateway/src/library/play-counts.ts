import type { CatalogSong, SongPlays } from '@ktv/protocol';

export const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

export interface Play {
  songId: string;
  at: number;
}

/**
 * Play counts from `song.started` events across the store (pure): all time, and the last 7 days
 * exactly (the plays of the last week are kept one by one; older ones only as totals).
 */
export class PlayCounts {
  private readonly all = new Map<string, number>();
  private recent: Play[] = [];

  constructor(totals?: Iterable<[string, number]>) {
    if (totals) for (const [id, n] of totals) this.all.set(id, n);
  }

  add(play: Play): void {
    this.all.set(play.songId, (this.all.get(play.songId) ?? 0) + 1);
    this.recent.push(play);
  }

  /** Forgets the one-by-one plays older than a week (their totals stay). */
  prune(now: number): void {
    const since = now - WEEK_MS;
    if (this.recent.some((p) => p.at <= since)) this.recent = this.recent.filter((p) => p.at > since);
  }

  recentPlays(): readonly Play[] {
    return this.recent;
  }

  /** Totals of the plays that are no longer kept one by one. */
  olderTotals(now: number): Map<string, number> {
    const out = new Map(this.all);
    const since = now - WEEK_MS;
    for (const p of this.recent) {
      if (p.at > since) {
        const n = (out.get(p.songId) ?? 0) - 1;
        if (n > 0) out.set(p.songId, n);
        else out.delete(p.songId);
      }
    }
    return out;
  }

  /** `{ week, all }` per song at `now`. */
  table(now: number): Map<string, SongPlays> {
    const since = now - WEEK_MS;
    const out = new Map<string, SongPlays>();
    for (const [id, n] of this.all) out.set(id, { week: 0, all: n });
    for (const p of this.recent) {
      if (p.at <= since || p.at > now) continue;
      const row = out.get(p.songId);
      if (row) row.week++;
    }
    return out;
  }
}

export type LiveChartKind = 'week' | 'all' | 'new';

/**
 * A chart from the live counts (pure): most played this week or all time (ties: title), or the
 * newest songs. Songs no longer in the library are left out.
 */
export function chartOf(
  kind: LiveChartKind,
  songs: readonly CatalogSong[],
  table: ReadonlyMap<string, SongPlays>,
  limit: number,
): { song: CatalogSong; plays: SongPlays }[] {
  const rows = songs.map((song) => ({ song, plays: table.get(song.id) ?? { week: 0, all: 0 } }));
  if (kind === 'new') {
    rows.sort((a, b) => b.song.addedAt - a.song.addedAt || a.song.title.localeCompare(b.song.title, 'zh-CN'));
    return rows.slice(0, limit);
  }
  const key = (r: { plays: SongPlays }) => (kind === 'week' ? r.plays.week : r.plays.all);
  return rows
    .filter((r) => key(r) > 0)
    .sort((a, b) => key(b) - key(a) || a.song.title.localeCompare(b.song.title, 'zh-CN'))
    .slice(0, limit);
}
