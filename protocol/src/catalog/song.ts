import { type Static, Type } from '@sinclair/typebox';
import { EpochMs } from '../schemas/common.js';

/** A song id: stable across imports (e.g. a hash of the media path), safe in URLs and file names. */
export const SONG_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$';
export const SongId = Type.String({ pattern: SONG_ID_PATTERN, description: 'song id' });

/** Languages as the song supplier and the touchscreen's tabs name them. */
export const SONG_LANGUAGES = ['国语', '粤语', '闽南语', '英语', '日语', '韩语', '其他'] as const;
export const SongLanguage = Type.Union(SONG_LANGUAGES.map((l) => Type.Literal(l)));
export type SongLanguage = (typeof SONG_LANGUAGES)[number];

/** Common categories; the catalog accepts any short string (suppliers have their own). */
export const SONG_CATEGORIES = [
  '流行',
  '摇滚',
  '民歌',
  '儿歌',
  '经典老歌',
  '对唱',
  '影视',
  '舞曲',
  '红歌',
  '戏曲',
] as const;

/** Where the 原唱 (vocals) and 伴唱 (backing) are: separate audio tracks, or the two stereo channels. */
export const VocalLayout = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('track'),
      vocalsTrack: Type.Integer({ minimum: 1, maximum: 64 }),
      backingTrack: Type.Integer({ minimum: 1, maximum: 64 }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('channel'), vocalsChannel: Type.Union([Type.Literal('left'), Type.Literal('right')]) },
    { additionalProperties: false },
  ),
]);
export type VocalLayout = Static<typeof VocalLayout>;

/** Play counts across the store (from song-started events): this week and all time. */
export const SongPlays = Type.Object(
  { week: Type.Integer({ minimum: 0 }), all: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);
export type SongPlays = Static<typeof SongPlays>;

/** One song of the store's library, as the gateway serves it and every room keeps it. */
export const CatalogSong = Type.Object(
  {
    id: SongId,
    title: Type.String({ minLength: 1, maxLength: 200 }),
    artists: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 16 }),
    language: SongLanguage,
    /** e.g. 流行, 摇滚, 民歌, 儿歌, 经典老歌, 对唱 (see SONG_CATEGORIES) */
    category: Type.String({ maxLength: 32 }),
    durationMs: Type.Integer({ minimum: 0 }),
    /** Path relative to the library root, or a URL path on the gateway. */
    media: Type.String({ minLength: 1, maxLength: 1024 }),
    /** Lyric file (LRC), relative like `media`; null when the song has none. */
    lyrics: Type.Union([Type.String({ minLength: 1, maxLength: 1024 }), Type.Null()]),
    vocals: VocalLayout,
    /** When the song joined the library (ms since the epoch): the 新歌 chart. */
    addedAt: EpochMs,
    plays: Type.Optional(SongPlays),
    /** Tempo in beats per minute, when the supplier or the generator knows it: the party light scene follows it. */
    bpm: Type.Optional(Type.Integer({ minimum: 30, maximum: 300 })),
  },
  { additionalProperties: false },
);
export type CatalogSong = Static<typeof CatalogSong>;

export const MAX_CATALOG_SONGS = 1_000_000;

/** The whole catalog at one version. */
export const CatalogSnapshot = Type.Object(
  {
    version: Type.Integer({ minimum: 0 }),
    createdAt: EpochMs,
    songs: Type.Array(CatalogSong, { maxItems: MAX_CATALOG_SONGS }),
  },
  { additionalProperties: false },
);
export type CatalogSnapshot = Static<typeof CatalogSnapshot>;

/** The change from version `from` to version `to`: songs added or changed, ids removed. */
export const CatalogDelta = Type.Object(
  {
    from: Type.Integer({ minimum: 0 }),
    to: Type.Integer({ minimum: 1 }),
    upserts: Type.Array(CatalogSong, { maxItems: MAX_CATALOG_SONGS }),
    removes: Type.Array(SongId, { maxItems: MAX_CATALOG_SONGS }),
  },
  { additionalProperties: false },
);
export type CatalogDelta = Static<typeof CatalogDelta>;
