/** The touchscreen's search HTTP (docs/interfaces.md, "Song search"). */

export interface SongRow {
  id: string;
  title: string;
  artist: string;
  language: string;
  durationMs: number;
}

export interface SingerRow {
  name: string;
  initials: string;
  songCount: number;
}

export interface SongQuery {
  q?: string;
  singer?: string;
  wordCount?: number;
  /** At least this many characters (the pad's "7 字以上"). */
  minWordCount?: number;
  language?: string;
  limit?: number;
}

export type ChartKind = 'week' | 'all' | 'new';

function queryString(params: Record<string, string | number | undefined>): string {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') out.set(k, String(v));
  return out.toString();
}

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path);
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return (await res.json()) as T;
}

export const searchApi = {
  songs: (q: SongQuery) =>
    getJson<{ total?: number; songs: SongRow[] }>(`/api/songs?${queryString({ limit: 60, ...q })}`).then((r) => ({
      total: r.total ?? r.songs.length,
      songs: r.songs,
    })),
  singers: (initial: string) =>
    getJson<{ total: number; singers: SingerRow[] }>(`/api/singers?${queryString({ initial, limit: 300 })}`),
  charts: (kind: ChartKind) =>
    getJson<{ songs: SongRow[] }>(`/api/charts?${queryString({ kind, limit: 60 })}`).then((r) => ({
      total: r.songs.length,
      songs: r.songs,
    })),
};
