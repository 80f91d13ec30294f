import type { VocalCarrier } from '../player/vocal-mode.js';

/** A song of the local catalog, with its file paths made absolute. */
export interface CatalogSong {
  id: string;
  title: string;
  artist: string;
  language: string;
  durationMs: number;
  /** Absolute path of the media file. */
  media: string;
  /** Absolute path of the LRC file, when the song has lyrics. */
  lyrics: string | null;
  /** How the file carries the vocals (原唱/伴唱); null = one plain mix, no switch. */
  vocals: VocalCarrier | null;
}

/** One clip of the background playlist (公播). */
export interface BackgroundClip {
  id: string;
  title: string;
  durationMs: number;
  media: string;
}

export interface Catalog {
  /** The catalog file it was read from. */
  file: string;
  songs: readonly CatalogSong[];
  backgroundPlaylist: readonly BackgroundClip[];
  byId: ReadonlyMap<string, CatalogSong>;
}

/** What GET /api/songs lists for a song. */
export interface SongListing {
  id: string;
  title: string;
  artist: string;
  language: string;
  durationMs: number;
}
