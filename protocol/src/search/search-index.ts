import type { CatalogSong } from '../catalog/song.js';
import type { ChartKind, ChartQuery, SearchQuery, SearchResult, SingerList, SingerQuery } from './types.js';
import { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT } from './types.js';

/** The index over one catalog; build it with buildSearchIndex, never change it (build a new one). */
export interface SearchIndex {
  readonly songs: readonly CatalogSong[];
}

export function buildSearchIndex(songs: readonly CatalogSong[]): SearchIndex {
  return { songs };
}

const clampLimit = (n: number | undefined): number =>
  Math.max(0, Math.min(MAX_SEARCH_LIMIT, Math.floor(n ?? DEFAULT_SEARCH_LIMIT) || 0));

/** Naive placeholder (substring of the title); the real index replaces it. */
export function searchSongs(index: SearchIndex, q: SearchQuery): SearchResult {
  const text = (q.text ?? '').trim().toLowerCase();
  const hits = index.songs.filter((s) => text === '' || s.title.toLowerCase().includes(text));
  const offset = Math.max(0, Math.floor(q.offset ?? 0) || 0);
  return {
    total: hits.length,
    songs: hits.slice(offset, offset + clampLimit(q.limit)).map((song) => ({ song, score: 0, matched: 'chars' })),
  };
}

export function listSingers(_index: SearchIndex, _q: SingerQuery): SingerList {
  return { total: 0, singers: [] };
}

export function charts(index: SearchIndex, kind: ChartKind, q: ChartQuery): SearchResult['songs'][number]['song'][] {
  const songs = index.songs.filter((s) => q.language === undefined || s.language === q.language);
  const key = (s: CatalogSong): number =>
    kind === 'new' ? s.addedAt : kind === 'week' ? (s.plays?.week ?? 0) : (s.plays?.all ?? 0);
  return [...songs].sort((a, b) => key(b) - key(a)).slice(0, clampLimit(q.limit));
}
