/**
 * JSON Schema of a local catalog file (scripts/media/make-demo-songs.sh writes one). Paths are
 * relative to the catalog file. Unknown properties are refused so that a typo is seen.
 */

const id = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' } as const;
const path = { type: 'string', minLength: 1, maxLength: 1024 } as const;
const text = { type: 'string', minLength: 1, maxLength: 200 } as const;
const durationMs = { type: 'integer', minimum: 0 } as const;

const vocals = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'vocalsTrack', 'backingTrack'],
      properties: {
        kind: { const: 'track' },
        vocalsTrack: { type: 'integer', minimum: 1, maximum: 64 },
        backingTrack: { type: 'integer', minimum: 1, maximum: 64 },
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'vocalsChannel'],
      properties: { kind: { const: 'channel' }, vocalsChannel: { enum: ['left', 'right'] } },
    },
  ],
} as const;

export const CATALOG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'songs'],
  properties: {
    version: { const: 1 },
    songs: {
      type: 'array',
      maxItems: 200000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'title', 'artist', 'durationMs', 'media'],
        properties: {
          id,
          title: text,
          artist: text,
          language: { type: 'string', maxLength: 32, default: '' },
          durationMs,
          media: path,
          lyrics: path,
          vocals,
        },
      },
    },
    backgroundPlaylist: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'media'],
        properties: { id, title: { type: 'string', maxLength: 200, default: '' }, durationMs, media: path },
      },
    },
  },
} as const;

/** The file's shape after the schema check (defaults filled). */
export interface CatalogFile {
  version: 1;
  songs: {
    id: string;
    title: string;
    artist: string;
    language: string;
    durationMs: number;
    media: string;
    lyrics?: string;
    vocals?:
      | { kind: 'track'; vocalsTrack: number; backingTrack: number }
      | { kind: 'channel'; vocalsChannel: 'left' | 'right' };
  }[];
  backgroundPlaylist: { id: string; title: string; durationMs?: number; media: string }[];
}
