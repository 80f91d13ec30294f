import type { CatalogSong } from '../catalog/song.js';

/** How a song matched the query (the best way, for the result list's hint). */
export type SearchMatch = 'exact' | 'initials' | 'pinyin' | 'chars' | 'singer';

/**
 * A search from the touchscreen or the CLI. Every field is optional: no text lists every song
 * (filtered), ranked by popularity.
 * - `text`: what the guest typed: pinyin initials (`yldbwdx`), full pinyin (`yueliang`, spaces
 *   optional, the last syllable may be a prefix), Chinese characters (a substring), Latin words
 *   (word prefixes, case-insensitive), or a singer's name / initials / pinyin.
 * - `singer`: only this singer's songs (exact name, as listSingers gives it).
 * - `wordCount`: 字数点歌, characters in the title (a Latin word counts as one).
 * - `minWordCount`: at least this many (the pad's last key, "7 字以上").
 */
export interface SearchQuery {
  text?: string;
  singer?: string;
  wordCount?: number;
  minWordCount?: number;
  language?: string;
  category?: string;
  limit?: number;
  offset?: number;
}

export interface SearchHit {
  song: CatalogSong;
  score: number;
  matched: SearchMatch;
}

export interface SearchResult {
  total: number;
  songs: SearchHit[];
}

export interface SingerQuery {
  /** A singer's name, initials (`zxy`) or pinyin (`zhangxue`), as for songs. */
  text?: string;
  /** The first letter of the singer's pinyin initials, `a`..`z` (`#` for names without one). */
  initial?: string;
  language?: string;
  limit?: number;
  offset?: number;
}

export interface SingerListing {
  name: string;
  /** Pinyin initials of the name, lower case, e.g. `zxy` for 张学友. */
  initials: string;
  songCount: number;
}

export interface SingerList {
  total: number;
  singers: SingerListing[];
}

export type ChartKind = 'week' | 'all' | 'new';

export interface ChartQuery {
  language?: string;
  limit?: number;
}

export const DEFAULT_SEARCH_LIMIT = 50;
export const MAX_SEARCH_LIMIT = 500;
/** Longer queries are cut to this many characters (no title is longer). */
export const MAX_QUERY_LENGTH = 200;
