import { performance } from 'node:perf_hooks';
import {
  applyDelta,
  buildSearchIndex,
  type CatalogSnapshot,
  type CatalogSong,
  loadSearchIndex,
  SearchIndexFormatError,
  serialiseSearchIndex,
} from '@ktv/protocol';
import { lyricsFileName, mediaFileName } from '../room-catalog.js';
import { CatalogFileError, CatalogFiles, decodeDelta, decodeSnapshot } from './catalog-files.js';

/**
 * The slow part of a catalog version, done away from the room's event loop (index-worker.ts runs
 * it in a worker thread): decode the download (a snapshot, or a delta over the version on disk),
 * write it durably, and build its search index — or, at start, read the version in use and load
 * its saved index instead of building it.
 */
export type VersionJob =
  | { kind: 'open'; dir: string }
  | { kind: 'snapshot'; dir: string; bytes: Uint8Array; path: string; version: number }
  | { kind: 'delta'; dir: string; bytes: Uint8Array; path: string; from: number; to: number; at: number };

/** A version ready to be assembled on the event loop in small steps (room-catalog.ts). */
export interface PreparedVersion {
  version: number;
  songCount: number;
  /**
   * The songs in snapshot order, at most SONG_CHUNK per chunk, each chunk UTF-8 JSON (a SongChunk)
   * ending at the next `chunkEnds` offset: bytes, so that a worker hands them over without a copy.
   */
  songBytes: Uint8Array;
  chunkEnds: number[];
  /** serialiseSearchIndex over those songs. */
  index: Uint8Array;
  /** Whether the index was loaded from DATA/catalog/N.index (true) or built now. */
  indexLoaded: boolean;
  /** Time spent building or loading the index. */
  indexMs: number;
}

/** Songs per chunk: parsing one takes a few milliseconds, so the event loop keeps turning. */
export const SONG_CHUNK = 1000;

/**
 * One chunk: the songs, and per song its media cache file names (mediaFileName, lyricsFileName:
 * two sha256 per song, hashed here rather than on the event loop).
 */
export type SongChunk = [songs: CatalogSong[], files: Array<[media: string, lyrics: string | null]>];

function chunks(songs: readonly CatalogSong[]): { songBytes: Uint8Array; chunkEnds: number[] } {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  const chunkEnds: number[] = [];
  let length = 0;
  for (let i = 0; i < songs.length; i += SONG_CHUNK) {
    const part = songs.slice(i, i + SONG_CHUNK);
    const chunk: SongChunk = [part, part.map((s) => [mediaFileName(s), lyricsFileName(s)])];
    const bytes = encoder.encode(JSON.stringify(chunk));
    parts.push(bytes);
    length += bytes.length;
    chunkEnds.push(length);
  }
  const songBytes = new Uint8Array(length);
  let at = 0;
  for (const b of parts) {
    songBytes.set(b, at);
    at += b.length;
  }
  return { songBytes, chunkEnds };
}

async function indexFor(
  files: CatalogFiles,
  snapshot: CatalogSnapshot,
  saved: boolean,
): Promise<{ index: Uint8Array; loaded: boolean; ms: number }> {
  const t = performance.now();
  if (saved) {
    const bytes = await files.readIndex(snapshot.version);
    if (bytes !== null) {
      try {
        loadSearchIndex(bytes, snapshot.songs); // checks it fits these songs
        // Its own whole ArrayBuffer, so it can be transferred (a small file may sit in Node's pool).
        const own =
          bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
        return { index: own, loaded: true, ms: performance.now() - t };
      } catch (e) {
        if (!(e instanceof SearchIndexFormatError)) throw e;
        // Damaged or from other songs: build it again (below).
      }
    }
  }
  const index = serialiseSearchIndex(buildSearchIndex(snapshot.songs));
  await files.writeIndex(snapshot.version, index);
  return { index, loaded: false, ms: performance.now() - t };
}

/** Runs one job (in the worker, or inline in tests); null for `open` when there is no version on disk. */
export async function prepareVersion(job: VersionJob): Promise<PreparedVersion | null> {
  const files = new CatalogFiles(job.dir);
  let snapshot: CatalogSnapshot;
  if (job.kind === 'open') {
    const found = await files.readCurrent();
    if (found === null) return null;
    snapshot = found.snapshot;
  } else if (job.kind === 'snapshot') {
    snapshot = decodeSnapshot(job.bytes, job.path);
    if (snapshot.version !== job.version)
      throw new CatalogFileError(`${job.path} holds version ${snapshot.version}, announced ${job.version}`);
    await files.commit(snapshot);
  } else {
    const delta = decodeDelta(job.bytes, job.path);
    const local = (await files.readCurrent())?.snapshot;
    if (!local || delta.from !== local.version || delta.to !== job.to || delta.from !== job.from) {
      throw new CatalogFileError(`${job.path} goes ${delta.from} -> ${delta.to}, need ${local?.version} -> ${job.to}`);
    }
    snapshot = { version: delta.to, createdAt: job.at, songs: applyDelta(local.songs, delta) };
    await files.commit(snapshot);
  }
  const { index, loaded, ms } = await indexFor(files, snapshot, job.kind === 'open');
  return {
    version: snapshot.version,
    songCount: snapshot.songs.length,
    ...chunks(snapshot.songs),
    index,
    indexLoaded: loaded,
    indexMs: ms,
  };
}
