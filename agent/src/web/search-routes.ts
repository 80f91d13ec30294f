import {
  type ChartKind,
  charts,
  type CatalogSong as LibrarySong,
  listSingers,
  MAX_QUERY_LENGTH,
  MAX_SEARCH_LIMIT,
  type SearchQuery,
  type SingerQuery,
  searchSongs,
} from '@ktv/protocol';
import type { FastifyInstance } from 'fastify';
import type { CatalogHolder } from '../catalog/catalog-holder.js';
import type { LibraryView } from '../catalog/room-library.js';
import type { Catalog } from '../catalog/types.js';

export interface SearchRouteDeps {
  holder: CatalogHolder;
  view: () => LibraryView;
}

/** A song as the touchscreen lists it (GET /api/songs, /api/charts). */
export interface SongRow {
  id: string;
  title: string;
  artist: string;
  artists: string[];
  language: string;
  category: string;
  durationMs: number;
}

const limit = { type: 'integer', minimum: 1, maximum: MAX_SEARCH_LIMIT, default: 50 } as const;
const offset = { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 } as const;
const short = { type: 'string', maxLength: 64 } as const;

const schemas = {
  songs: {
    querystring: {
      type: 'object',
      properties: {
        q: { type: 'string', maxLength: MAX_QUERY_LENGTH, default: '' },
        singer: { type: 'string', maxLength: 100 },
        wordCount: { type: 'integer', minimum: 1, maximum: 100 },
        minWordCount: { type: 'integer', minimum: 1, maximum: 100 },
        language: short,
        category: short,
        limit,
        offset,
      },
    },
  },
  singers: {
    querystring: {
      type: 'object',
      properties: {
        initial: { type: 'string', pattern: '^([A-Za-z#])?$' },
        language: short,
        limit: { ...limit, default: 200 },
        offset,
      },
    },
  },
  charts: {
    querystring: {
      type: 'object',
      properties: { kind: { enum: ['week', 'all', 'new'], default: 'week' }, language: short, limit },
    },
  },
} as const;

function rowOf(song: LibrarySong, catalog: Catalog): SongRow {
  return {
    id: song.id,
    title: song.title,
    artist: catalog.byId.get(song.id)?.artist ?? song.artists.join(' / '),
    artists: song.artists,
    language: song.language,
    category: song.category,
    durationMs: song.durationMs,
  };
}

/** Sets only the fields that were given (exactOptionalPropertyTypes). */
function defined<T extends object>(o: { [K in keyof T]: T[K] | undefined }): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;
}

/**
 * The touchscreen's search over the room's own catalog (works while the gateway is down). Each
 * request takes the current version once: a swap in between changes nothing for it.
 */
export function searchRoutes(deps: SearchRouteDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{
      Querystring: {
        q: string;
        singer?: string;
        wordCount?: number;
        minWordCount?: number;
        language?: string;
        category?: string;
        limit: number;
        offset: number;
      };
    }>('/api/songs', { schema: schemas.songs }, async (req) => {
      const { index, catalog } = deps.holder.current;
      const q = req.query;
      const query = defined<SearchQuery>({
        text: q.q,
        singer: q.singer,
        wordCount: q.wordCount,
        minWordCount: q.minWordCount,
        language: q.language,
        category: q.category,
        limit: q.limit,
        offset: q.offset,
      });
      const result = searchSongs(index, query);
      return {
        total: result.total,
        songs: result.songs.map((h) => ({ ...rowOf(h.song, catalog), matched: h.matched })),
      };
    });

    app.get<{ Querystring: { initial?: string; language?: string; limit: number; offset: number } }>(
      '/api/singers',
      { schema: schemas.singers },
      async (req) => {
        const q = req.query;
        const query = defined<SingerQuery>({
          initial: q.initial?.toLowerCase(),
          language: q.language,
          limit: q.limit,
          offset: q.offset,
        });
        return listSingers(deps.holder.current.index, query);
      },
    );

    app.get<{ Querystring: { kind: ChartKind; language?: string; limit: number } }>(
      '/api/charts',
      { schema: schemas.charts },
      async (req) => {
        const { index, catalog } = deps.holder.current;
        const q = req.query;
        const songs = charts(index, q.kind, defined({ language: q.language, limit: q.limit }));
        return { kind: q.kind, songs: songs.map((s) => rowOf(s, catalog)) };
      },
    );

    app.get('/api/catalog/status', async () => deps.view());
  };
}
