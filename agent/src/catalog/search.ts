import type { Catalog, CatalogSong, SongListing } from './types.js';

export const DEFAULT_SEARCH_LIMIT = 50;
export const MAX_SEARCH_LIMIT = 500;

const fold = (s: string): string => s.normalize('NFKC').toLowerCase();

export function songListing(s: CatalogSong): SongListing {
  return { id: s.id, title: s.title, artist: s.artist, language: s.language, durationMs: s.durationMs };
}

/**
 * The songs whose title or artist contains `query` (case- and width-insensitive), in catalog
 * order; an empty query lists all. A linear scan: the search index comes with the library issue.
 */
export function searchSongs(catalog: Catalog, query: string, limit = DEFAULT_SEARCH_LIMIT): SongListing[] {
  const q = fold(query.trim());
  const max = Math.max(0, Math.min(MAX_SEARCH_LIMIT, Math.floor(limit)));
  const out: SongListing[] = [];
  for (const s of catalog.songs) {
    if (out.length >= max) break;
    if (q === '' || fold(s.title).includes(q) || fold(s.artist).includes(q)) out.push(songListing(s));
  }
  return out;
}
