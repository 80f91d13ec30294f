import { mkdir, readdir, rename, stat, unlink, utimes } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { fsyncDir } from '../catalog/replica/durable-write.js';
import type { GatewayHttp } from '../catalog/replica/gateway-http.js';
import type { Clock } from '../time/clock.js';
import { downloadResumable } from './download.js';
import { type CachedFile, chooseEvictions } from './lru.js';

const PART = '.part';
/** `${songId}.${hash16}${ext}` (see mediaFileName). */
const CACHE_NAME = /^([A-Za-z0-9][A-Za-z0-9_.-]{0,63})\.[0-9a-f]{16}(\.[a-z0-9]{1,8})?$/;

/** The song id a media cache file name belongs to, or null when it is not one. */
export function songIdOfCacheName(name: string): string | null {
  return CACHE_NAME.exec(name)?.[1] ?? null;
}

/** Where a song's files come from (the current catalog says). */
export interface SongSource {
  /** URL path of the media on the gateway. */
  media: string;
  /** URL path of the lyrics, fetched with the media into `lyricsFile` (best effort). */
  lyrics: string | null;
  lyricsFile: string | null;
}

export interface MediaCacheOptions {
  dir: string;
  /** The song's files on the gateway; default `/library/media/ID`, no lyrics. */
  sourceOf?: (songId: string) => SongSource | undefined;
  maxBytes: number;
  http: GatewayHttp;
  clock: Clock;
  logger: Logger;
}

/**
 * DATA/media-cache: whole song files named by song id + hash, fetched from the gateway's
 * `/library/media/:songId` (resumable: a `.part` file grows until it is whole, then it is
 * renamed; a part is never played). An LRU bound in bytes evicts the least recently played
 * files, never a pinned one (queued or playing).
 */
export class MediaCache {
  readonly dir: string;
  private readonly files = new Map<string, CachedFile>();
  private readonly inFlight = new Map<string, Promise<string>>();
  private pinned: ReadonlySet<string> = new Set();

  constructor(private readonly o: MediaCacheOptions) {
    this.dir = resolve(o.dir);
  }

  /** Scans the folder: whole files are indexed; parts stay for resuming. */
  async open(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    for (const name of await readdir(this.dir)) {
      if (songIdOfCacheName(name) === null) continue;
      const st = await stat(join(this.dir, name));
      if (st.isFile()) this.files.set(name, { name, bytes: st.size, lastUsedAt: st.mtimeMs });
    }
    this.o.logger.info({ dir: this.dir, files: this.files.size, bytes: this.totalBytes() }, 'media cache opened');
  }

  /** True when `file` is a path inside the cache (a song of the gateway's catalog). */
  owns(file: string): boolean {
    const abs = resolve(file);
    return dirname(abs) === this.dir && songIdOfCacheName(basename(abs)) !== null;
  }

  has(file: string): boolean {
    return this.files.has(basename(file));
  }

  totalBytes(): number {
    let total = 0;
    for (const f of this.files.values()) total += f.bytes;
    return total;
  }

  /** Names (not paths) of the files, least recently used first (tests, status). */
  list(): CachedFile[] {
    return [...this.files.values()].sort((a, b) => a.lastUsedAt - b.lastUsedAt);
  }

  /** The files that must not be evicted (the playing song and the queue). */
  pin(files: Iterable<string>): void {
    this.pinned = new Set([...files].map((f) => basename(f)));
  }

  /** Marks a file as just played (the LRU order); the mtime keeps it across restarts. */
  async touch(file: string): Promise<void> {
    const entry = this.files.get(basename(file));
    if (!entry) return;
    entry.lastUsedAt = this.o.clock.now();
    const t = new Date(entry.lastUsedAt);
    await utimes(join(this.dir, entry.name), t, t).catch(() => undefined);
  }

  /**
   * The cached file's path, fetching it first when it is missing (one download per file at a
   * time; concurrent callers share it). Throws DownloadError when the gateway cannot give it.
   */
  ensure(file: string): Promise<string> {
    const name = basename(file);
    const path = join(this.dir, name);
    if (this.files.has(name)) return Promise.resolve(path);
    const running = this.inFlight.get(name);
    if (running) return running;
    const songId = songIdOfCacheName(name);
    if (songId === null) return Promise.reject(new Error(`${name} is not a media cache file`));
    const work = this.fetch(songId, name, path).finally(() => this.inFlight.delete(name));
    this.inFlight.set(name, work);
    return work;
  }

  private async fetch(songId: string, name: string, path: string): Promise<string> {
    const started = this.o.clock.now();
    const source = this.o.sourceOf?.(songId);
    const url = source?.media ?? `/library/media/${encodeURIComponent(songId)}`;
    const bytes = await downloadResumable(this.o.http, url, path + PART);
    await rename(path + PART, path);
    await fsyncDir(this.dir);
    this.files.set(name, { name, bytes, lastUsedAt: this.o.clock.now() });
    if (source?.lyrics && source.lyricsFile) await this.fetchLyrics(songId, source.lyrics, source.lyricsFile);
    this.o.logger.info({ songId, bytes, ms: this.o.clock.now() - started }, 'song fetched into the media cache');
    await this.evict();
    return path;
  }

  /** The lyrics come with the media; a song plays without them if they cannot be had. */
  private async fetchLyrics(songId: string, url: string, file: string): Promise<void> {
    if (
      await stat(file).then(
        () => true,
        () => false,
      )
    )
      return;
    try {
      await mkdir(dirname(file), { recursive: true });
      await downloadResumable(this.o.http, url, `${file}${PART}`);
      await rename(`${file}${PART}`, file);
    } catch (e) {
      this.o.logger.warn({ songId, err: (e as Error).message }, 'lyrics not fetched; the song plays without them');
    }
  }

  /** Deletes least recently used files until the cache is within its bound (pinned ones stay). */
  async evict(): Promise<string[]> {
    const keep = new Set([...this.pinned, ...[...this.inFlight.keys()]]);
    const names = chooseEvictions([...this.files.values()], keep, this.o.maxBytes);
    for (const name of names) {
      this.files.delete(name);
      await unlink(join(this.dir, name)).catch(() => undefined);
    }
    if (names.length > 0)
      this.o.logger.info({ evicted: names.length, bytes: this.totalBytes() }, 'media cache evicted');
    return names;
  }
}
