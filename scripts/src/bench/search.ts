/**
 * `npm run bench -- search`: the song search index over a generated catalog (default 300,000
 * songs, `KTV_BENCH_SONGS`), beside a plain linear scan over precomputed per-song strings in the
 * same run. One JSON line per query kind (initials, pinyin, chars); every line also carries the
 * index's build time, heap, the gzipped snapshot's size and the time a room needs to load it.
 *
 * Latency is wall time (p50Ms/p99Ms, what a guest waits, including the machine's other load) and
 * CPU time of the process (cpuP99Ms: the work the query itself costs, without waits for a core).
 * The room: before, a room parsed the snapshot and built the index on its event loop (loadMs,
 * the stall was all of it: syncStallMs); now a worker thread decodes, writes and indexes it and
 * the room assembles it in small steps (workerUpdateMs, workerStallMs: the longest event-loop
 * stall, from the gaps of a 5 ms interval), and a restart loads the saved index
 * (restartLoadMs, restartStallMs). indexBytes is the saved index's size.
 *
 * Queries are what a guest types, keystroke by keystroke: for a title `月亮代表我的心`, initials
 * y, yl, yld, yldb; pinyin yu, yue, yuel, ... yueliang; characters 月, 月亮, and a substring.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { assembleRoomCatalog, prepareInWorker } from '@ktv/agent';
import {
  buildSearchIndex,
  type CatalogSnapshot,
  type CatalogSong,
  foldText,
  loadSearchIndex,
  primaryReading,
  type SearchIndex,
  searchIndexStats,
  searchSongs,
  serialiseSearchIndex,
} from '@ktv/protocol';
import { percentile, round } from './stats.js';

const run = promisify(execFile);
const GATEWAY_BIN = fileURLToPath(new URL('../../../gateway/bin/ktv-gateway.js', import.meta.url));

type Kind = 'initials' | 'pinyin' | 'chars';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMb = (): number => {
  gc();
  gc();
  const m = process.memoryUsage();
  // Typed arrays live outside the JS heap (arrayBuffers): the index is mostly typed arrays.
  return (m.heapUsed + m.arrayBuffers) / 2 ** 20;
};

/** A small seeded PRNG, so every run asks the same questions. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Keystroke-by-keystroke queries for each kind, from random songs' titles. */
function makeQueries(songs: readonly CatalogSong[], titles: number): Record<Kind, string[]> {
  const next = rng(7);
  const out: Record<Kind, string[]> = { initials: [], pinyin: [], chars: [] };
  let picked = 0;
  for (let tries = 0; picked < titles && tries < titles * 20; tries++) {
    const song = songs[Math.floor(next() * songs.length)] as CatalogSong;
    if (song.language !== '国语' && song.language !== '粤语') continue;
    const { pinyin, initials } = primaryReading(song.title);
    const units = foldText(song.title).units;
    if (units.length < 2 || pinyin.length < 2) continue;
    picked++;
    for (let n = 1; n <= Math.min(4, initials.length); n++) out.initials.push(initials.slice(0, n));
    const full = pinyin.slice(0, 2).join('');
    for (let n = 2; n <= full.length; n++) out.pinyin.push(full.slice(0, n));
    out.chars.push(units[0] as string, units.slice(0, 2).join(''));
    if (units.length >= 3) out.chars.push(units.slice(1, 3).join(''));
  }
  return out;
}

/** The baseline: every song's strings computed once, then a scan with indexOf per query. */
interface ScanRow {
  rank: number;
  initials: string;
  pinyin: string;
  chars: string;
}

function scanSearch(rows: readonly ScanRow[], kind: Kind, q: string, limit: number): { total: number; top: number[] } {
  const hits: number[] = [];
  const prefix: boolean[] = [];
  for (const r of rows) {
    const at = (kind === 'initials' ? r.initials : kind === 'pinyin' ? r.pinyin : r.chars).indexOf(q);
    if (at < 0) continue;
    hits.push(r.rank);
    prefix.push(at === 0);
  }
  const order = hits
    .map((_, i) => i)
    .sort((a, b) => Number(prefix[b]) - Number(prefix[a]) || (hits[a] as number) - (hits[b] as number));
  return { total: hits.length, top: order.slice(0, limit).map((i) => hits[i] as number) };
}

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/** The process's CPU time (user + system) of fn, in ms (getrusage: microseconds). */
function cpuTime(fn: () => void): number {
  const c = process.cpuUsage();
  fn();
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1000;
}

/**
 * Runs fn and reports its wall time and the longest event-loop stall while it ran: the longest gap
 * between two ticks of a 5 ms interval, less the 5 ms (monitorEventLoopDelay's histogram cannot
 * record a stall of many seconds, the "before" case).
 */
async function stalls<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; stallMs: number }> {
  let longest = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last - 5);
    last = now;
  }, 5);
  const t = performance.now();
  const value = await fn();
  const ms = performance.now() - t;
  // A block's gap is seen when the interval ticks again.
  await new Promise((r) => setTimeout(r, 20));
  clearInterval(timer);
  return { value, ms, stallMs: Math.max(0, longest) };
}

export async function benchSearch(songCount = Number(process.env.KTV_BENCH_SONGS ?? 300_000)): Promise<object[]> {
  const dir = await mkdtemp(join(tmpdir(), 'ktv-bench-search-'));
  try {
    let t = performance.now();
    await run(process.execPath, [GATEWAY_BIN, 'library', 'generate', '--songs', String(songCount), '--out', dir], {
      maxBuffer: 1 << 20,
    });
    const generateMs = performance.now() - t;
    let json = await readFile(join(dir, 'catalog.json'), 'utf8');
    const snapshotBytes = gzipSync(json).length;

    const heapBase = heapMb();
    let songs = (JSON.parse(json) as CatalogSnapshot).songs;
    const heapSongs = heapMb();

    t = performance.now();
    let index: SearchIndex | null = buildSearchIndex(songs);
    const buildMs = performance.now() - t;
    const heapIndex = heapMb();
    const stats = searchIndexStats(index);

    const indexBytes = serialiseSearchIndex(index);
    t = performance.now();
    loadSearchIndex(indexBytes, songs);
    const indexLoadMs = performance.now() - t;

    // What a room did with a new snapshot: parse it and build its index, on its event loop.
    index = null;
    songs = [];
    heapMb();
    const before = await stalls(async () => {
      await new Promise((r) => setImmediate(r));
      songs = (JSON.parse(json) as CatalogSnapshot).songs;
      return buildSearchIndex(songs);
    });
    index = before.value;
    const loadMs = before.ms;

    // What it does now: a worker decodes, writes and indexes; the room assembles in steps. Then a restart.
    // The main thread holds what a room holds: its current catalog (the index built above), not
    // the bench's copies; each step's new catalog is dropped after it (only its size is kept).
    const gz = gzipSync(JSON.stringify({ ...(JSON.parse(json) as CatalogSnapshot), version: 1 }));
    json = '';
    const roomDir = join(dir, 'room-catalog');
    const update = await stalls(async () => {
      const made = await prepareInWorker({ kind: 'snapshot', dir: roomDir, bytes: gz, path: '1.json.gz', version: 1 });
      if (made === null) throw new Error('no version');
      return (await assembleRoomCatalog(made, join(dir, 'media-cache'))).index.songs.length;
    });
    const restart = await stalls(async () => {
      const made = await prepareInWorker({ kind: 'open', dir: roomDir });
      if (made === null || !made.indexLoaded) throw new Error('the saved index was not loaded');
      return (await assembleRoomCatalog(made, join(dir, 'media-cache'))).index.songs.length;
    });
    if (update.value !== songCount || restart.value !== songCount) throw new Error('the room lost songs');

    // The baseline's per-song strings (same ranks as the index: popularity order).
    const rows: ScanRow[] = index.songs.map((s, rank) => {
      const r = primaryReading(s.title);
      return { rank, initials: r.initials, pinyin: r.pinyin.join(''), chars: foldText(s.title).chars };
    });

    const queries = makeQueries(index.songs, 1000);
    const lines: object[] = [];
    for (const kind of ['initials', 'pinyin', 'chars'] as const) {
      const qs = queries[kind];
      for (const q of qs.slice(0, 50)) searchSongs(index, { text: q }); // warm up
      const ours: number[] = [];
      const scan: number[] = [];
      let totalHits = 0;
      const idx = index;
      for (const q of qs) {
        ours.push(
          time(() => {
            totalHits += searchSongs(idx, { text: q }).total;
          }),
        );
      }
      // The same queries again, each first time for a fresh cache, in CPU time.
      idx.data.cache.clear();
      const cpu: number[] = qs.map((q) => cpuTime(() => searchSongs(idx, { text: q })));
      cpu.sort((a, b) => a - b);
      for (const q of qs.slice(0, 300)) scan.push(time(() => scanSearch(rows, kind, q, 50)));
      ours.sort((a, b) => a - b);
      scan.sort((a, b) => a - b);
      lines.push({
        bench: 'search',
        kind,
        songs: songCount,
        singers: stats.singers,
        suffixes: stats.suffixes,
        queries: qs.length,
        meanTotal: Math.round(totalHits / qs.length),
        p50Ms: round(percentile(ours, 50), 3),
        p99Ms: round(percentile(ours, 99), 3),
        maxMs: round(ours[ours.length - 1] ?? Number.NaN, 3),
        cpuP50Ms: round(percentile(cpu, 50), 3),
        cpuP99Ms: round(percentile(cpu, 99), 3),
        scanQueries: scan.length,
        scanP50Ms: round(percentile(scan, 50), 2),
        scanP99Ms: round(percentile(scan, 99), 2),
        buildMs: Math.round(buildMs),
        heapMb: Math.round(heapIndex - heapBase),
        indexHeapMb: Math.round(heapIndex - heapSongs),
        songsHeapMb: Math.round(heapSongs - heapBase),
        snapshotBytes,
        loadMs: Math.round(loadMs),
        syncStallMs: Math.round(before.stallMs),
        indexBytes: indexBytes.length,
        indexLoadMs: Math.round(indexLoadMs),
        workerUpdateMs: Math.round(update.ms),
        workerStallMs: Math.round(update.stallMs),
        restartLoadMs: Math.round(restart.ms),
        restartStallMs: Math.round(restart.stallMs),
        loadAvg: os.loadavg()[0]?.toFixed(1),
        generateMs: Math.round(generateMs),
      });
    }
    return lines;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
