import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { buildSearchIndex, searchSongs } from '@ktv/protocol';
import type { ImportProgress } from '../library/import-sources.js';
import { LibraryStore } from '../library/library-store.js';
import { PlaysLog } from '../library/plays-log.js';
import { importLibrary, progressFileWriter } from '../library/run-import.js';
import { UsageError } from './usage.js';

export interface LibraryCommandArgs {
  sub: string | undefined;
  args: readonly string[];
  dataDir: string | undefined;
  pattern: string | undefined;
  json: boolean;
}

export interface LibraryIo {
  stdout(line: string): void;
  /** Raw stderr (the progress bar redraws its line). */
  stderrRaw(text: string): void;
  stderrIsTty: boolean;
}

const BAR = 30;

/** The progress bar on stderr: redrawn in place on a terminal, a line every 10 % otherwise. */
export function progressBar(io: LibraryIo): (p: ImportProgress) => void {
  let lastTenth = -1;
  return (p) => {
    if (p.phase === 'listing') return io.stderrRaw('正在列出文件 listing files...\n');
    if (p.phase !== 'reading') return;
    const ratio = p.total === 0 ? 1 : p.done / p.total;
    const text = `导入 import [${'#'.repeat(Math.round(ratio * BAR)).padEnd(BAR, '-')}] ${p.done}/${p.total} ${Math.floor(ratio * 100)}%`;
    if (io.stderrIsTty) {
      io.stderrRaw(`\r${text}${p.done === p.total ? '\n' : ''}`);
      return;
    }
    const tenth = Math.floor(ratio * 10);
    if (tenth !== lastTenth) {
      lastTenth = tenth;
      io.stderrRaw(`${text}\n`);
    }
  };
}

function dataDirOf(a: LibraryCommandArgs): string {
  const dir = a.dataDir ?? process.env.KTV_GATEWAY_DATA;
  if (!dir) throw new UsageError('--data DIR is required (or KTV_GATEWAY_DATA)');
  return dir;
}

/** `ktv-gateway library import|search|stats` (`library generate` is registered separately). */
export async function libraryCommand(a: LibraryCommandArgs, io: LibraryIo): Promise<number> {
  if (a.sub === 'import') return libraryImport(a, io);
  if (a.sub === 'search') return librarySearch(a, io);
  if (a.sub === 'stats') return libraryStats(a, io);
  throw new UsageError(`unknown library command "${a.sub ?? ''}" (import, search, stats or generate)`);
}

async function libraryImport(a: LibraryCommandArgs, io: LibraryIo): Promise<number> {
  const [path, ...extra] = a.args;
  if (!path) throw new UsageError('library import needs a PATH (a folder, a .csv or a .json list)');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  try {
    await stat(path);
  } catch {
    io.stderrRaw(`ktv-gateway: no such file or folder: ${path}\n`);
    return 1;
  }
  const store = await LibraryStore.open(dataDirOf(a), { load: false }); // importLibrary loads it under its lock
  const bar = progressBar(io);
  const toFile = progressFileWriter(store.dir, path);
  const report = await importLibrary(store, path, {
    ...(a.pattern ? { pattern: a.pattern } : {}),
    onProgress: (p) => {
      bar(p);
      toFile(p);
    },
  });
  if (a.json) {
    io.stdout(JSON.stringify(report));
    return 0;
  }
  io.stdout(
    report.version === null
      ? `没有变化 no change: catalog stays at version ${store.current().version}, ${report.songs} songs`
      : `曲库版本 catalog version ${report.version}: ${report.songs} songs`,
  );
  io.stdout(
    `  added ${report.added}, changed ${report.changed}, unchanged ${report.unchanged}, removed ${report.removed}, duplicates ${report.duplicates.length}, problems ${report.problems.length} (${report.tookMs} ms)`,
  );
  for (const p of report.problems) io.stdout(`  问题 problem: ${p.source}: ${p.reason}`);
  for (const d of report.duplicates) io.stdout(`  重复 duplicate: ${d.source} (${d.reason} as ${d.keptSource})`);
  return 0;
}

async function librarySearch(a: LibraryCommandArgs, io: LibraryIo): Promise<number> {
  const query = a.args.join(' ');
  const store = await LibraryStore.open(dataDirOf(a));
  const index = buildSearchIndex(store.current().songs);
  const result = searchSongs(index, { text: query, limit: 20 });
  if (a.json) {
    io.stdout(JSON.stringify(result));
    return 0;
  }
  io.stdout(`${result.total} songs`);
  result.songs.forEach((hit, i) => {
    const s = hit.song;
    io.stdout(
      `${String(i + 1).padStart(3)}. ${s.title} - ${s.artists.join(' / ') || '?'} [${s.language}] ${s.id} (${hit.matched})`,
    );
  });
  return 0;
}

async function libraryStats(a: LibraryCommandArgs, io: LibraryIo): Promise<number> {
  const store = await LibraryStore.open(dataDirOf(a));
  const view = store.current();
  const plays = await PlaysLog.open(store.dir, Date.now());
  const languages: Record<string, number> = {};
  for (const s of view.songs) languages[s.language] = (languages[s.language] ?? 0) + 1;
  let week = 0;
  let all = 0;
  for (const p of plays.counts.table(Date.now()).values()) {
    week += p.week;
    all += p.all;
  }
  const stats = {
    version: view.version,
    songs: view.songs.length,
    languages,
    snapshot: view.announcement?.snapshot ?? null,
    deltas: view.announcement?.deltas.map((d) => d.from) ?? [],
    updatedAt: view.announcement?.at ?? null,
    plays: { week, all },
    dir: join(store.dir),
  };
  if (a.json) {
    io.stdout(JSON.stringify(stats));
    return 0;
  }
  io.stdout(`曲库版本 catalog version ${stats.version}, ${stats.songs} songs`);
  io.stdout(
    `  languages: ${
      Object.entries(languages)
        .map(([l, n]) => `${l} ${n}`)
        .join(', ') || '-'
    }`,
  );
  if (stats.snapshot)
    io.stdout(
      `  snapshot ${stats.snapshot.path} (${stats.snapshot.bytes} bytes), deltas from ${stats.deltas.join(', ') || '-'}`,
    );
  io.stdout(`  plays: ${week} this week, ${all} all time`);
  return 0;
}
