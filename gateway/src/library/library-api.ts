import type { CatalogAnnouncement, CatalogSong, SearchQuery, SearchResult, SongPlays } from '@ktv/protocol';
import type { ImportProgress } from './import-sources.js';
import type { ImportReport } from './run-import.js';

/** The library as the admin page sees it (GET /api/library/stats, the `library` live message). */
export interface LibraryStatus {
  version: number;
  songs: number;
  /** The catalog's announcement time (ms), null before the first import. */
  updatedAt: number | null;
  /** An import running now (in the gateway or in a `library import` process), else null. */
  importing: (ImportProgress & { source: string }) | null;
  lastImport: {
    source: string;
    version: number | null;
    added: number;
    changed: number;
    removed: number;
    duplicates: number;
    problems: number;
    at: number;
  } | null;
  plays: { week: number; all: number };
}

export interface ChartRow {
  song: CatalogSong;
  plays: SongPlays;
}

/** What the HTTP routes need from the library (a port: the routes are tested alone). */
export interface LibraryBackend {
  status(): LibraryStatus;
  search(q: SearchQuery): SearchResult | Promise<SearchResult>;
  charts(kind: 'week' | 'all' | 'new', limit: number): ChartRow[];
  /** Absolute paths, undefined when there is no such file / song. */
  catalogFile(name: string): string | undefined;
  mediaFile(songId: string): string | undefined;
  lyricsFile(songId: string): string | undefined;
  /** HTTP Basic with a room device's MQTT credentials. */
  authenticateDevice(username: string, password: string): Promise<boolean>;
  /** Starts an import in the gateway; resolves with its report. */
  importPath(path: string, pattern: string | undefined): Promise<ImportReport>;
  /** Puts the play counts into a new catalog version now (else hourly); undefined when unchanged or busy. */
  refreshCharts(): Promise<CatalogAnnouncement | undefined>;
  onStatus(listener: (status: LibraryStatus) => void): () => void;
}
