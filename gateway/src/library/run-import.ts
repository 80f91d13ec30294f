import { stat, writeFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import type { ImportProblem } from './candidate.js';
import { type ImportProgress, readSupplierList, type SourceOptions, scanFolder } from './import-sources.js';
import type { LibraryStore } from './library-store.js';
import { type Duplicate, mergeImport } from './merge.js';

export interface ImportReport {
  source: string;
  /** The new catalog version, or null when nothing changed for the rooms. */
  version: number | null;
  songs: number;
  added: number;
  changed: number;
  unchanged: number;
  removed: number;
  duplicates: Duplicate[];
  problems: ImportProblem[];
  delta: { upserts: number; removes: number } | null;
  tookMs: number;
}

export interface ImportOptions extends Omit<SourceOptions, 'previous'> {
  now?: () => number;
}

/**
 * Imports a folder (recursive scan) or a supplier's list (.csv / .json) into the library under
 * its lock; a bad file is a problem in the report, never the end of the import.
 */
export async function importLibrary(
  store: LibraryStore,
  path: string,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const now = options.now ?? Date.now;
  const started = now();
  const source = resolve(path);
  const info = await stat(source);
  const unlock = await store.lock();
  try {
    const before = await store.reload();
    const sourceOptions: SourceOptions = { ...options, previous: before.entries };
    const isList = info.isFile() && ['.csv', '.json'].includes(extname(source).toLowerCase());
    if (info.isFile() && !isList) throw new Error(`${source} is neither a folder nor a .csv / .json list`);
    const found = isList ? await readSupplierList(source, sourceOptions) : await scanFolder(source, sourceOptions);
    const count = found.candidates.length;
    options.onProgress?.({ phase: 'writing', done: count, total: count });
    const { entries, report } = mergeImport(before.entries, found.candidates, source, now(), (c) =>
      found.addedAt.get(c.id),
    );
    found.candidates.length = 0; // the entries are what is kept; the candidates are not held beside them
    found.addedAt.clear();
    const committed = await store.commit(entries, undefined, now());
    options.onProgress?.({ phase: 'done', done: count, total: count });
    return {
      source,
      version: committed?.announcement.version ?? null,
      songs: entries.length,
      ...report,
      problems: found.problems,
      delta: committed?.delta ?? null,
      tookMs: now() - started,
    };
  } finally {
    await unlock();
  }
}

/** DATA/library/import-progress.json: how far an import in another process is (the gateway polls it). */
export function progressFileWriter(libraryDir: string, source: string): (p: ImportProgress) => void {
  const file = join(libraryDir, 'import-progress.json');
  let writing = false;
  let pending: ImportProgress | undefined;
  const flush = () => {
    if (writing || !pending) return;
    const p = pending;
    pending = undefined;
    writing = true;
    writeFile(file, JSON.stringify({ ...p, source, pid: process.pid, at: Date.now() }))
      .catch(() => undefined)
      .finally(() => {
        writing = false;
        flush();
      });
  };
  return (p) => {
    pending = p;
    flush();
  };
}
