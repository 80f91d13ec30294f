import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type CatalogAnnouncement,
  type RoomEvent,
  type SearchIndex,
  type SearchQuery,
  type SearchResult,
  searchSongs,
} from '@ktv/protocol';
import type { Logger } from '../logger.js';
import { snapshotName } from './catalog-plan.js';
import type { ImportProgress } from './import-sources.js';
import type { ChartRow, LibraryBackend, LibraryStatus } from './library-api.js';
import { libraryIndex } from './library-index.js';
import { LibraryBusyError, LibraryStore } from './library-store.js';
import { chartOf } from './play-counts.js';
import { PlaysLog } from './plays-log.js';
import { type ImportReport, importLibrary } from './run-import.js';

export interface LibraryServiceOptions {
  dataDir: string;
  logger: Logger;
  now?: () => number;
  /** Publishes the retained `store/catalog` announcement. */
  announce(announcement: CatalogAnnouncement): Promise<void>;
  /** Checks a room device's MQTT credentials (the broker's DeviceAuthenticator). */
  authenticateDevice(username: string, password: string): Promise<boolean>;
  /** Plays go into the catalog at most this often (default: an hour). */
  chartsIntervalMs?: number;
  /** The file-name pattern of an import that names none (config library.pattern). */
  pattern?: string;
  /** How often files written by a `library import` process are looked at (default 1 s). */
  pollMs?: number;
}

/**
 * The gateway's song library: the catalog on disk (LibraryStore), the rooms' announcement, play
 * counts from song.started events, charts, search for the admin page, imports from the admin page,
 * and the progress of imports run by `ktv-gateway library import` in another process.
 */
export class LibraryService implements LibraryBackend {
  private store: LibraryStore | undefined;
  private plays: PlaysLog | undefined;
  private index: { version: number; index: SearchIndex } | undefined;
  private byId = new Map<string, { mediaFile: string; lyricsFile: string | null }>();
  private announced = 0;
  private importing: LibraryStatus['importing'] = null;
  private lastImport: LibraryStatus['lastImport'] = null;
  private readonly listeners = new Set<(s: LibraryStatus) => void>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly log: Logger;
  private readonly now: () => number;
  private polling = false;
  /** Plays recorded since the counts last went into the catalog: the hourly update skips a quiet hour. */
  private playsSinceCharts = 0;

  constructor(private readonly o: LibraryServiceOptions) {
    this.log = o.logger.child({ component: 'library' });
    this.now = o.now ?? Date.now;
  }

  async start(): Promise<void> {
    this.store = await LibraryStore.open(this.o.dataDir);
    this.plays = await PlaysLog.open(this.store.dir, this.now());
    this.reindex();
    await this.publishIfNew();
    this.timers.push(setInterval(() => void this.poll(), this.o.pollMs ?? 1000));
    this.timers.push(
      setInterval(() => {
        if (this.playsSinceCharts === 0) return;
        this.refreshCharts().catch((e: unknown) => this.log.warn({ err: e }, 'charts update failed'));
      }, this.o.chartsIntervalMs ?? 3_600_000),
    );
    for (const t of this.timers) t.unref();
  }

  async stop(): Promise<void> {
    for (const t of this.timers.splice(0)) clearInterval(t);
    this.listeners.clear();
  }

  private get s(): LibraryStore {
    if (!this.store) throw new Error('library not started');
    return this.store;
  }

  private reindex(): void {
    this.byId = new Map(
      this.s.current().entries.map((e) => [e.id, { mediaFile: e.mediaFile, lyricsFile: e.lyricsFile }]),
    );
  }

  private async publishIfNew(): Promise<void> {
    const ann = this.s.current().announcement;
    if (!ann || ann.version <= this.announced) return;
    await this.o.announce(ann);
    this.announced = ann.version;
    this.log.info({ version: ann.version, songs: ann.songs, deltas: ann.deltas.length }, 'catalog announced');
    this.emit();
  }

  /** Picks up versions and progress written by a `library import` in another process. */
  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const ann = await this.s.readAnnouncement();
      if (ann && ann.version > this.s.current().version) {
        await this.s.reload();
        this.reindex();
      }
      await this.publishIfNew();
      await this.readProgressFile();
    } catch (e) {
      this.log.warn({ err: e }, 'library poll failed');
    } finally {
      this.polling = false;
    }
  }

  private async readProgressFile(): Promise<void> {
    if (this.importingHere) return;
    const file = join(this.s.dir, 'import-progress.json');
    let next: LibraryStatus['importing'] = null;
    try {
      const info = await stat(file);
      const p = JSON.parse(await readFile(file, 'utf8')) as ImportProgress & { source: string; pid: number };
      const alive = (() => {
        try {
          process.kill(p.pid, 0);
          return true;
        } catch {
          return false;
        }
      })();
      if (alive && p.phase !== 'done' && this.now() - info.mtimeMs < 60_000) {
        next = { phase: p.phase, done: p.done, total: p.total, source: p.source };
      }
    } catch {
      next = null;
    }
    if (JSON.stringify(next) !== JSON.stringify(this.importing)) {
      this.importing = next;
      this.emit();
    }
  }

  private importingHere = false;

  async importPath(path: string, pattern: string | undefined): Promise<ImportReport> {
    if (this.importingHere) throw new LibraryBusyError('an import is running');
    this.importingHere = true;
    let lastEmit = 0;
    try {
      const usePattern = pattern || this.o.pattern;
      const report = await importLibrary(this.s, path, {
        ...(usePattern ? { pattern: usePattern } : {}),
        now: this.now,
        onProgress: (p) => {
          this.importing = { ...p, source: path };
          const t = Date.now();
          if (t - lastEmit >= 200 || p.phase === 'done') {
            lastEmit = t;
            this.emit();
          }
        },
      });
      this.noteImport(report);
      this.reindex();
      await this.publishIfNew();
      return report;
    } finally {
      this.importingHere = false;
      this.importing = null;
      this.emit();
    }
  }

  private noteImport(r: ImportReport): void {
    this.lastImport = {
      source: r.source,
      version: r.version,
      added: r.added,
      changed: r.changed,
      removed: r.removed,
      duplicates: r.duplicates.length,
      problems: r.problems.length,
      at: this.now(),
    };
    this.log.info({ ...this.lastImport }, 'library imported');
  }

  /** A newly recorded room event (decoded by the ingest): a `song.started` counts a play. */
  noteEvent(event: RoomEvent): void {
    if (!this.plays || event.type !== 'song.started') return;
    this.playsSinceCharts++;
    this.plays
      .record({ songId: event.data.songId, at: event.at })
      .catch((e: unknown) => this.log.warn({ err: e }, 'play not recorded'));
  }

  /** Puts the play counts into a new catalog version (if they changed). Hourly, or on demand. */
  async refreshCharts(): Promise<CatalogAnnouncement | undefined> {
    if (!this.plays) return undefined;
    const unlock = await this.s.lock().catch((e: unknown) => {
      if (e instanceof LibraryBusyError) return undefined;
      throw e;
    });
    if (!unlock) return undefined;
    try {
      await this.s.reload();
      this.plays.counts.prune(this.now());
      const committed = await this.s.commit(this.s.current().entries, this.plays.counts.table(this.now()), this.now());
      this.playsSinceCharts = 0;
      this.reindex();
      await this.publishIfNew();
      return committed?.announcement;
    } finally {
      await unlock();
    }
  }

  status(): LibraryStatus {
    const view = this.store?.current();
    const table = this.plays?.counts.table(this.now());
    let week = 0;
    let all = 0;
    for (const p of table?.values() ?? []) {
      week += p.week;
      all += p.all;
    }
    return {
      version: view?.version ?? 0,
      songs: view?.songs.length ?? 0,
      updatedAt: view?.announcement?.at ?? null,
      importing: this.importing,
      lastImport: this.lastImport,
      plays: { week, all },
    };
  }

  /** Search over the current version; its index is built off the event loop (libraryIndex) once per version. */
  async search(q: SearchQuery): Promise<SearchResult> {
    return searchSongs(await this.indexOfCurrent(), q);
  }

  private building: { version: number; done: Promise<SearchIndex> } | undefined;

  private indexOfCurrent(): Promise<SearchIndex> {
    const view = this.s.current();
    if (this.index?.version === view.version) return Promise.resolve(this.index.index);
    if (this.building?.version !== view.version) {
      const { version, songs } = view;
      const file = view.announcement?.version === version ? this.s.catalogFile(snapshotName(version)) : undefined;
      const t = Date.now();
      const done = libraryIndex(songs, file).then(({ index, via, fallback }) => {
        const fields = { version, songs: songs.length, via, ms: Date.now() - t };
        if (fallback) this.log.warn({ ...fields, err: fallback }, 'library index worker failed; built in place');
        else this.log.info(fields, 'library search index built');
        if (this.s.current().version === version) this.index = { version, index };
        return index;
      });
      this.building = { version, done };
    }
    return this.building.done;
  }

  charts(kind: 'week' | 'all' | 'new', limit: number): ChartRow[] {
    if (!this.plays) return [];
    return chartOf(kind, this.s.current().songs, this.plays.counts.table(this.now()), limit);
  }

  catalogFile(name: string): string | undefined {
    return this.store?.catalogFile(name);
  }

  mediaFile(songId: string): string | undefined {
    return this.byId.get(songId)?.mediaFile;
  }

  lyricsFile(songId: string): string | undefined {
    return this.byId.get(songId)?.lyricsFile ?? undefined;
  }

  authenticateDevice(username: string, password: string): Promise<boolean> {
    return this.o.authenticateDevice(username, password);
  }

  onStatus(listener: (s: LibraryStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    if (this.listeners.size === 0) return;
    const s = this.status();
    for (const l of this.listeners) l(s);
  }
}
