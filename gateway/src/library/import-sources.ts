import { statSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { SONG_CATEGORIES, type SongLanguage, type VocalLayout } from '@ktv/protocol';
import {
  guessLanguage,
  hashOf,
  type ImportProblem,
  normalizeLanguage,
  type SongCandidate,
  songIdFromPath,
} from './candidate.js';
import type { LibraryEntry } from './entry.js';
import { compileNamePattern, DEFAULT_NAME_PATTERN, parseSongFileName } from './file-name.js';
import { type MediaProber, probeMedia } from './media-probe.js';
import { parseCsvList, parseJsonList, type RowResult } from './supplier-list.js';

export const MEDIA_EXTENSIONS = ['.mkv', '.mp4', '.mpg', '.mpeg', '.vob', '.avi', '.mp3', '.m4a', '.flac', '.wav'];

export interface ImportProgress {
  phase: 'listing' | 'reading' | 'writing' | 'done';
  done: number;
  total: number;
}

export interface SourceOptions {
  /** `{artist}-{title}` (default), `{title}-{artist}`, ... */
  pattern?: string;
  /** For a file with one stereo audio track: which channel has the vocals (store default). */
  defaultVocalsChannel?: 'left' | 'right';
  probe?: MediaProber;
  onProgress?: (p: ImportProgress) => void;
  /** The library before the import: a file whose stamp did not change is not read again. */
  previous?: readonly LibraryEntry[];
  concurrency?: number;
}

export interface SourceResult {
  candidates: SongCandidate[];
  problems: ImportProblem[];
  /** Rows' own addedAt (supplier lists), by id. */
  addedAt: Map<string, number>;
}

async function stampOf(file: string): Promise<string | undefined> {
  try {
    const s = await stat(file);
    return s.isFile() ? `${s.size}:${Math.floor(s.mtimeMs)}` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A list names up to hundreds of thousands of files: a synchronous stat is ~10x cheaper than a
 * promise-based one; the callers yield to the event loop every few hundred rows.
 */
function stampOfSync(file: string, cache: Map<string, string | undefined>): string | undefined {
  if (cache.has(file)) return cache.get(file);
  let stamp: string | undefined;
  try {
    const s = statSync(file);
    stamp = s.isFile() ? `${s.size}:${Math.floor(s.mtimeMs)}` : undefined;
  } catch {
    stamp = undefined;
  }
  cache.set(file, stamp);
  return stamp;
}

async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    let items: import('node:fs').Dirent[];
    try {
      items = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const item of items) {
      if (item.name.startsWith('.')) continue;
      const full = join(dir, item.name);
      if (item.isDirectory()) await walk(full);
      else if (item.isFile()) out.push(full);
    }
  };
  await walk(root);
  return out.sort();
}

async function mapLimited<T>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function progressReporter(onProgress: SourceOptions['onProgress'], total: number) {
  let done = 0;
  let last = 0;
  onProgress?.({ phase: 'reading', done: 0, total });
  return () => {
    done++;
    const t = Date.now();
    if (done === total || t - last >= 100) {
      last = t;
      onProgress?.({ phase: 'reading', done, total });
    }
  };
}

/** Every media file under `root` (recursive) becomes a candidate, or a problem with its reason. */
export async function scanFolder(rootArg: string, options: SourceOptions = {}): Promise<SourceResult> {
  const root = resolve(rootArg);
  const pattern = compileNamePattern(options.pattern ?? DEFAULT_NAME_PATTERN);
  const probe = options.probe ?? probeMedia;
  const channel = options.defaultVocalsChannel ?? 'right';
  options.onProgress?.({ phase: 'listing', done: 0, total: 0 });
  const files = await listFiles(root);
  const lower = new Map(files.map((f) => [f.toLowerCase(), f]));
  const media = files.filter((f) => MEDIA_EXTENSIONS.includes(extname(f).toLowerCase()));
  const previous = new Map((options.previous ?? []).map((e) => [e.mediaFile, e]));
  const slots: (SongCandidate | ImportProblem)[] = new Array(media.length);
  const tick = progressReporter(options.onProgress, media.length);

  await mapLimited(media, options.concurrency ?? 4, async (file, i) => {
    try {
      slots[i] = await candidateFromFile(file);
    } catch (e) {
      slots[i] = { source: file, reason: (e as Error).message };
    }
    tick();
  });

  async function candidateFromFile(file: string): Promise<SongCandidate | ImportProblem> {
    const rel = relative(root, file);
    let size: number;
    let mtime: number;
    try {
      const s = await stat(file);
      size = s.size;
      mtime = Math.floor(s.mtimeMs);
    } catch (e) {
      return { source: file, reason: `unreadable: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
    }
    if (size === 0) return { source: file, reason: 'empty file (0 bytes)' };
    const base = file.slice(0, file.length - extname(file).length);
    const lyricsFile = lower.get(`${base}.lrc`.toLowerCase()) ?? null;
    const lyricsStamp = (lyricsFile ? await stampOf(lyricsFile) : undefined) ?? null;
    const stamp = `${size}:${mtime}`;
    const id = songIdFromPath(rel);
    const old = previous.get(file);
    if (
      old &&
      old.stamp === stamp &&
      old.lyricsStamp === lyricsStamp &&
      old.pattern === pattern.source &&
      old.id === id
    ) {
      const { addedAt: _a, root: _r, ...rest } = old;
      return { ...rest, source: file };
    }
    const probed = await probe(file);
    if (!probed.ok) return { source: file, reason: probed.reason };
    const { info } = probed;
    const name = parseSongFileName(basename(base), pattern);
    const useTags = info.tags.title !== undefined && info.tags.artists.length > 0;
    const title = (useTags ? info.tags.title : name.title) ?? name.title;
    if (!title) return { source: file, reason: 'no title in the file name or tags' };
    const folders = dirname(rel)
      .split(sep)
      .filter((p) => p && p !== '.');
    const language: SongLanguage =
      normalizeLanguage(name.language) ??
      normalizeLanguage(info.tags.language) ??
      folders.map(normalizeLanguage).find((l) => l !== undefined) ??
      guessLanguage(title);
    const category =
      name.category ??
      folders.find((f) => (SONG_CATEGORIES as readonly string[]).includes(f)) ??
      info.tags.genre?.slice(0, 32) ??
      '流行';
    const vocals: VocalLayout = info.vocals ?? { kind: 'channel', vocalsChannel: channel };
    const artists = useTags ? info.tags.artists : name.artists;
    const song = {
      id,
      title: title.slice(0, 200),
      artists: artists.map((a) => a.slice(0, 100)).slice(0, 16),
      language,
      category,
      durationMs: info.durationMs,
      mediaFile: file,
      lyricsFile,
      vocals,
    };
    return {
      ...song,
      contentHash: hashOf(song, stamp, lyricsStamp),
      stamp,
      lyricsStamp,
      pattern: pattern.source,
      source: file,
    };
  }

  return split(slots, new Map());
}

function split(slots: readonly (SongCandidate | ImportProblem)[], addedAt: Map<string, number>): SourceResult {
  const candidates: SongCandidate[] = [];
  const problems: ImportProblem[] = [];
  for (const s of slots) {
    if (!s) continue;
    if ('contentHash' in s) candidates.push(s);
    else problems.push(s);
  }
  return { candidates, problems, addedAt };
}

/** The list's rows; the file's text and parsed JSON are garbage when this returns. */
async function readListRows(file: string): Promise<{ rows: RowResult[]; error?: string }> {
  const name = basename(file);
  const content = await readFile(file, 'utf8');
  return extname(file).toLowerCase() === '.csv' ? parseCsvList(content, name) : parseJsonList(content, name);
}

/** A supplier's CSV or JSON list; paths in it are relative to the list's folder. */
export async function readSupplierList(fileArg: string, options: SourceOptions = {}): Promise<SourceResult> {
  const file = resolve(fileArg);
  const dir = dirname(file);
  const probe = options.probe ?? probeMedia;
  const channel = options.defaultVocalsChannel ?? 'right';
  const parsed = await readListRows(file);
  if (parsed.error) return { candidates: [], problems: [{ source: file, reason: parsed.error }], addedAt: new Map() };
  const addedAt = new Map<string, number>();
  const rows: (RowResult | undefined)[] = parsed.rows;
  const slots: (SongCandidate | ImportProblem)[] = new Array(rows.length);
  const tick = progressReporter(options.onProgress, rows.length);
  const stamps = new Map<string, string | undefined>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as RowResult;
    rows[i] = undefined; // a row is garbage once it is a candidate: the list is not held twice
    slots[i] = await fromRow(r);
    tick();
    if (i % 500 === 499) await yieldToLoop();
  }

  async function fromRow(r: RowResult): Promise<SongCandidate | ImportProblem> {
    if (!r.ok) return { source: r.source, reason: r.reason };
    const row = r.row;
    const mediaFile = isAbsolute(row.media) ? row.media : join(dir, row.media);
    const mediaStamp = stampOfSync(mediaFile, stamps);
    if (!mediaStamp) return { source: row.source, reason: `media file not found: ${row.media}` };
    if (mediaStamp.startsWith('0:')) return { source: row.source, reason: `empty media file (0 bytes): ${row.media}` };
    let lyricsFile: string | null = null;
    let lyricsStamp: string | null = null;
    if (row.lyrics) {
      lyricsFile = isAbsolute(row.lyrics) ? row.lyrics : join(dir, row.lyrics);
      lyricsStamp = stampOfSync(lyricsFile, stamps) ?? null;
      if (!lyricsStamp) return { source: row.source, reason: `lyrics file not found: ${row.lyrics}` };
    }
    let durationMs = row.durationMs;
    let vocals = row.vocals;
    if (durationMs === undefined || vocals === undefined) {
      const probed = await probe(mediaFile);
      if (!probed.ok) return { source: row.source, reason: `${row.media}: ${probed.reason}` };
      durationMs ??= probed.info.durationMs;
      vocals ??= probed.info.vocals ?? { kind: 'channel', vocalsChannel: channel };
    }
    if (row.addedAt !== undefined) addedAt.set(row.id, row.addedAt);
    const song = {
      id: row.id,
      title: row.title,
      artists: row.artists,
      language: row.language,
      category: row.category,
      durationMs,
      mediaFile,
      lyricsFile,
      vocals,
      ...(row.bpm !== undefined ? { bpm: row.bpm } : {}),
    };
    return {
      ...song,
      contentHash: hashOf(song, mediaStamp, lyricsStamp),
      stamp: mediaStamp,
      lyricsStamp,
      source: row.source,
    };
  }

  return split(slots, addedAt);
}
