import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  type CatalogAnnouncement,
  CatalogDelta,
  CatalogSnapshot,
  type CatalogSong,
  compile,
  diffCatalog,
  type SongPlays,
} from '@ktv/protocol';
import {
  composeDeltas,
  DELTA_VERSIONS,
  deltaName,
  isSmallDelta,
  keepFile,
  parseCatalogFileName,
  snapshotName,
} from './catalog-plan.js';
import { writeFileDurably } from './durable-write.js';
import { type LibraryEntry, toCatalogSong } from './entry.js';
import { gzJsonWithArray } from './gz-json.js';

export const LIBRARY_DIR = 'library';
export const CATALOG_URL_PREFIX = '/library/catalog/';

const checkSnapshot = compile(CatalogSnapshot);
const checkDelta = compile(CatalogDelta);

/** Another import (or the gateway's charts update) is writing the library right now. */
export class LibraryBusyError extends Error {
  readonly code = 'KTV_E_LIBRARY_BUSY';
}

interface LibraryFile {
  version: number;
  entries: LibraryEntry[];
}

export interface LibraryView {
  version: number;
  entries: readonly LibraryEntry[];
  songs: readonly CatalogSong[];
  announcement: CatalogAnnouncement | undefined;
}

export interface Committed {
  announcement: CatalogAnnouncement;
  delta: { upserts: number; removes: number };
}

const gz = (value: unknown) => gzipSync(Buffer.from(JSON.stringify(value)), { level: 6 });
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

async function readGzJson(file: string): Promise<unknown | undefined> {
  try {
    return JSON.parse(gunzipSync(await readFile(file)).toString('utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * DATA/library: `library.json.gz` (the songs with their files on this machine), `catalog/N.json.gz`
 * (CatalogSnapshot), `catalog/M-N.json.gz` (CatalogDelta), `catalog/current.json` (the
 * CatalogAnnouncement of the newest version: written last, so it only ever names files that are
 * on disk). Every file is written temp + fsync + rename + fsync of the folder. Writers (the CLI's
 * import, the gateway) take `lock` (O_EXCL, with the pid; a dead owner's lock is taken over).
 */
export class LibraryStore {
  readonly catalogDir: string;
  private view: LibraryView = { version: 0, entries: [], songs: [], announcement: undefined };

  private constructor(readonly dir: string) {
    this.catalogDir = join(dir, 'catalog');
  }

  /**
   * `load: false` leaves the view empty until the caller's own reload (an import reloads under
   * its lock: loading first would hold the whole library twice).
   */
  static async open(dataDir: string, options: { load?: boolean } = {}): Promise<LibraryStore> {
    const store = new LibraryStore(join(dataDir, LIBRARY_DIR));
    await mkdir(store.catalogDir, { recursive: true });
    if (options.load !== false) await store.reload();
    return store;
  }

  current(): LibraryView {
    return this.view;
  }

  /** The announcement on disk (another process may have written a newer version). */
  async readAnnouncement(): Promise<CatalogAnnouncement | undefined> {
    try {
      return JSON.parse(await readFile(join(this.catalogDir, 'current.json'), 'utf8')) as CatalogAnnouncement;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  /** Re-reads the library from disk. */
  async reload(): Promise<LibraryView> {
    const announcement = await this.readAnnouncement();
    const lib = (await readGzJson(join(this.dir, 'library.json.gz'))) as LibraryFile | undefined;
    let songs: CatalogSong[] = [];
    if (announcement) {
      const snap = checkSnapshot(await readGzJson(join(this.catalogDir, snapshotName(announcement.version))));
      if (!snap.ok) throw new Error(`catalog snapshot ${announcement.version} is invalid: ${snap.errors[0]}`);
      songs = snap.value.songs;
    }
    this.view = {
      version: Math.max(announcement?.version ?? 0, lib?.version ?? 0),
      entries: lib?.entries ?? [],
      songs,
      announcement,
    };
    return this.view;
  }

  /** A catalog file's path when `name` is one (for HTTP); undefined otherwise. */
  catalogFile(name: string): string | undefined {
    return parseCatalogFileName(name) ? join(this.catalogDir, name) : undefined;
  }

  async lock(): Promise<() => Promise<void>> {
    const file = join(this.dir, 'lock');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const handle = await open(file, 'wx');
        await handle.writeFile(String(process.pid));
        await handle.close();
        return async () => {
          await unlink(file).catch(() => undefined);
        };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
        if (Number.isInteger(pid) && pid > 0 && processAlive(pid) && pid !== process.pid) {
          throw new LibraryBusyError(`the song library is being written by process ${pid}`);
        }
        if (pid === process.pid) throw new LibraryBusyError('the song library is being written');
        await unlink(file).catch(() => undefined);
      }
    }
    throw new LibraryBusyError('the song library is locked');
  }

  /**
   * Writes a new version when the rooms' catalog changes: `entries` (the library after an
   * import) and `plays` (when given; else every song keeps the plays it has). Call under lock,
   * after reload. Returns undefined when nothing changed for the rooms.
   */
  async commit(entries: readonly LibraryEntry[], plays: ReadonlyMap<string, SongPlays> | undefined, now: number) {
    const before = this.view;
    const oldPlays = new Map(before.songs.map((s) => [s.id, s.plays]));
    const songs = entries.map((e) => toCatalogSong(e, plays ? plays.get(e.id) : oldPlays.get(e.id)));
    const from = before.version;
    const to = from + 1;
    const step = diffCatalog(before.songs, songs, from, to);
    const entriesChanged =
      entries.length !== before.entries.length ||
      entries.some((e, i) => e.contentHash !== before.entries[i]?.contentHash || e.root !== before.entries[i]?.root);
    if (step.upserts.length === 0 && step.removes.length === 0) {
      if (entriesChanged) {
        await writeFileDurably(
          join(this.dir, 'library.json.gz'),
          await gzJsonWithArray({ version: from }, 'entries', entries),
        );
        this.view = { ...before, entries };
      }
      return undefined;
    }
    // The snapshot and the library file are gzip'd a piece at a time (no whole-catalog string).
    const snapBytes = await gzJsonWithArray({ version: to, createdAt: now }, 'songs', songs);
    await writeFileDurably(join(this.catalogDir, snapshotName(to)), snapBytes);
    const deltas: CatalogAnnouncement['deltas'] = [];
    if (from >= 1) {
      let acc = step;
      for (let older = from; older >= Math.max(1, to - DELTA_VERSIONS); older--) {
        if (older < from) {
          const prior = checkDelta(await readGzJson(join(this.catalogDir, deltaName(older, older + 1))));
          if (!prior.ok) break;
          acc = composeDeltas(prior.value, acc);
        }
        if (!isSmallDelta(acc, songs.length)) break;
        const bytes = gz(acc);
        await writeFileDurably(join(this.catalogDir, deltaName(older, to)), bytes);
        deltas.push({
          from: older,
          path: `${CATALOG_URL_PREFIX}${deltaName(older, to)}`,
          sha256: sha256(bytes),
          bytes: bytes.length,
        });
      }
    }
    await writeFileDurably(
      join(this.dir, 'library.json.gz'),
      await gzJsonWithArray({ version: to }, 'entries', entries),
    );
    const announcement: CatalogAnnouncement = {
      version: to,
      songs: songs.length,
      snapshot: {
        path: `${CATALOG_URL_PREFIX}${snapshotName(to)}`,
        sha256: sha256(snapBytes),
        bytes: snapBytes.length,
      },
      deltas,
      at: now,
    };
    await writeFileDurably(join(this.catalogDir, 'current.json'), `${JSON.stringify(announcement)}\n`);
    this.view = { version: to, entries, songs, announcement };
    for (const name of await readdir(this.catalogDir)) {
      if (!keepFile(name, to)) await unlink(join(this.catalogDir, name)).catch(() => undefined);
    }
    return { announcement, delta: { upserts: step.upserts.length, removes: step.removes.length } } satisfies Committed;
  }
}
