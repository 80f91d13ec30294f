import { createHash } from 'node:crypto';
import { extname, join } from 'node:path';
import {
  buildSearchIndex,
  type CatalogSong as LibrarySong,
  loadSearchIndex,
  type SearchIndex,
  SONG_LANGUAGES,
  type SongLanguage,
} from '@ktv/protocol';
import type { PreparedVersion, SongChunk } from './replica/prepare-version.js';
import type { BackgroundClip, Catalog, CatalogSong } from './types.js';

/**
 * One version of the room's catalog: what playback reads (paths resolved) and the search index
 * over the same songs. Never changed once built; an update builds a new one and swaps it whole.
 */
export interface RoomCatalog {
  /** The store catalog's version; null for a local catalog file. */
  version: number | null;
  catalog: Catalog;
  index: SearchIndex;
  /** Gateway songs: where their files come from (empty for a local catalog file). */
  remote: ReadonlyMap<string, RemoteFiles>;
}

const MEDIA_EXT = /^\.[A-Za-z0-9]{1,8}$/;

/**
 * The media cache's file name of a song: its id, a hash of what the library says about its media
 * (a re-imported file under a new path or length gets a new name), and the media's extension.
 */
export function mediaFileName(song: Pick<LibrarySong, 'id' | 'media' | 'durationMs'>): string {
  const hash = createHash('sha256').update(`${song.media}\n${song.durationMs}`).digest('hex').slice(0, 16);
  const ext = extname(song.media);
  return `${song.id}.${hash}${MEDIA_EXT.test(ext) ? ext.toLowerCase() : ''}`;
}

/** The cached lyric file of a song (under the media cache's `lyrics/`), named like its media. */
export function lyricsFileName(song: Pick<LibrarySong, 'id' | 'lyrics'>): string | null {
  if (song.lyrics === null) return null;
  return `${song.id}.${createHash('sha256').update(song.lyrics).digest('hex').slice(0, 16)}.lrc`;
}

/** Where the gateway serves a song's media and lyrics, and where the room keeps the lyrics. */
export interface RemoteFiles {
  /** URL path on the gateway (`/library/media/ID/VERSION.ext`), or `/library/media/ID`. */
  media: string;
  lyrics: string | null;
  lyricsFile: string | null;
}

const asLanguage = (l: string): SongLanguage =>
  (SONG_LANGUAGES as readonly string[]).includes(l) ? (l as SongLanguage) : '其他';

/** A song of a local catalog file as the search index sees it (artists split on "/"). */
function librarySongOf(s: CatalogSong, addedAt: number): LibrarySong {
  return {
    id: s.id,
    title: s.title,
    artists: s.artist
      .split(/\s*[/&、]\s*/)
      .map((a) => a.trim())
      .filter((a) => a !== ''),
    language: asLanguage(s.language),
    category: '',
    durationMs: s.durationMs,
    media: s.media,
    lyrics: s.lyrics,
    vocals: s.vocals ?? { kind: 'channel', vocalsChannel: 'right' },
    addedAt,
  };
}

/** A local catalog file (demos, tests) with its index. */
export function roomCatalogFromFile(catalog: Catalog, addedAt = 0): RoomCatalog {
  return {
    version: null,
    catalog,
    index: buildSearchIndex(catalog.songs.map((s) => librarySongOf(s, addedAt))),
    remote: new Map(),
  };
}

/**
 * The store's catalog at `version`: media and lyrics resolve to the room's media cache
 * (`cacheDir`, lyrics in `cacheDir/lyrics`), 公播 comes from the local catalog file when there is one.
 */
export function roomCatalogFromLibrary(
  version: number,
  songs: readonly LibrarySong[],
  cacheDir: string,
  backgroundPlaylist: readonly BackgroundClip[] = [],
  file = '',
): RoomCatalog {
  const remote = new Map<string, RemoteFiles>();
  const playable = songs.map((s) => playableSong(s, cacheDir, remote, mediaFileName(s), lyricsFileName(s)));
  return {
    version,
    catalog: { file, songs: playable, backgroundPlaylist, byId: new Map(playable.map((s) => [s.id, s])) },
    index: buildSearchIndex(songs),
    remote,
  };
}

/** A library song as playback sees it (files in the media cache); where its files come from goes into `remote`. */
function playableSong(
  s: LibrarySong,
  cacheDir: string,
  remote: Map<string, RemoteFiles>,
  mediaName: string,
  lyricsName: string | null,
): CatalogSong {
  const lyricsFile = lyricsName === null ? null : join(cacheDir, 'lyrics', lyricsName);
  remote.set(s.id, {
    media: s.media.startsWith('/library/') ? s.media : `/library/media/${encodeURIComponent(s.id)}`,
    lyrics:
      s.lyrics === null
        ? null
        : s.lyrics.startsWith('/library/')
          ? s.lyrics
          : `/library/lyrics/${encodeURIComponent(s.id)}`,
    lyricsFile,
  });
  return {
    id: s.id,
    title: s.title,
    artist: s.artists.join(' / '),
    language: s.language,
    durationMs: s.durationMs,
    media: join(cacheDir, mediaName),
    lyrics: lyricsFile,
    vocals: s.vocals,
  };
}

/** Lets the event loop run timers and I/O between two chunks of work. */
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The same as roomCatalogFromLibrary, from a version a worker prepared: the songs are parsed a
 * chunk at a time with the event loop turning between chunks, and the search index is loaded
 * from its bytes (views, no build). The longest step is one chunk (a few milliseconds).
 */
export async function assembleRoomCatalog(
  prepared: PreparedVersion,
  cacheDir: string,
  backgroundPlaylist: readonly BackgroundClip[] = [],
  file = '',
): Promise<RoomCatalog> {
  const songs: LibrarySong[] = [];
  const playable: CatalogSong[] = [];
  const byId = new Map<string, CatalogSong>();
  const remote = new Map<string, RemoteFiles>();
  const decoder = new TextDecoder();
  let start = 0;
  for (const end of prepared.chunkEnds) {
    await yieldToLoop();
    const [part, files] = JSON.parse(decoder.decode(prepared.songBytes.subarray(start, end))) as SongChunk;
    start = end;
    for (let i = 0; i < part.length; i++) {
      const s = part[i] as LibrarySong;
      const [mediaName, lyricsName] = files[i] as SongChunk[1][number];
      songs.push(s);
      const p = playableSong(s, cacheDir, remote, mediaName, lyricsName);
      playable.push(p);
      byId.set(p.id, p);
    }
  }
  await yieldToLoop();
  const index = loadSearchIndex(prepared.index, songs);
  return { version: prepared.version, catalog: { file, songs: playable, backgroundPlaylist, byId }, index, remote };
}
