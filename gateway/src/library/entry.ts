import { extname } from 'node:path';
import type { CatalogSong, SongPlays } from '@ktv/protocol';
import { hashOf, type SongCandidate } from './candidate.js';

/** A song in the gateway's library: the candidate it came from, when it joined, its import root. */
export interface LibraryEntry extends Omit<SongCandidate, 'source'> {
  addedAt: number;
  /** The folder or list file whose import brought it; a re-import of the same root removes what is gone. */
  root: string;
}

/**
 * `/library/media/ID/VERSION.ext`: the last part changes with the file (size, mtime), so a room's
 * cache (named after the path) fetches a changed file again; the extension tells the player the
 * container. `/library/media/ID` serves the same file.
 */
export function mediaUrlPath(e: Pick<LibraryEntry, 'id' | 'mediaFile' | 'stamp'>): string {
  const ext = extname(e.mediaFile).toLowerCase();
  return `/library/media/${encodeURIComponent(e.id)}/${hashOf(e.stamp).slice(0, 12)}${/^\.[a-z0-9]{1,8}$/.test(ext) ? ext : ''}`;
}

export function lyricsUrlPath(e: Pick<LibraryEntry, 'id' | 'lyricsStamp'>): string {
  return `/library/lyrics/${encodeURIComponent(e.id)}/${hashOf(e.lyricsStamp).slice(0, 12)}.lrc`;
}

/** The song as rooms see it: media and lyrics as URL paths on the gateway. */
export function toCatalogSong(e: LibraryEntry, plays: SongPlays | undefined): CatalogSong {
  const song: CatalogSong = {
    id: e.id,
    title: e.title,
    artists: e.artists,
    language: e.language,
    category: e.category,
    durationMs: e.durationMs,
    media: mediaUrlPath(e),
    lyrics: e.lyricsFile ? lyricsUrlPath(e) : null,
    vocals: e.vocals,
    addedAt: e.addedAt,
  };
  if (plays && (plays.week > 0 || plays.all > 0)) song.plays = { week: plays.week, all: plays.all };
  if (e.bpm !== undefined) song.bpm = e.bpm;
  return song;
}
