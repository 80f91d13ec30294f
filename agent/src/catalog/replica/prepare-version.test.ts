import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { buildSearchIndex, type CatalogSnapshot, type CatalogSong, diffCatalog, searchSongs } from '@ktv/protocol';
import { assembleRoomCatalog, roomCatalogFromLibrary } from '../room-catalog.js';
import { CatalogFileError } from './catalog-files.js';
import { prepareInWorker } from './prepare-in-worker.js';
import { prepareVersion } from './prepare-version.js';

const NAMES = ['月亮', '海阔', '天空', '重来', '快乐', '你', '我的', '心', '爱', '时光', '青花瓷', '小幸运'];
const SINGERS = ['邓丽君', 'Beyond', '周杰伦', '王菲', '陈奕迅', '田馥甄', '曾轶可'];

function songs(count: number, tag = ''): CatalogSong[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `g${i}`,
    title: `${NAMES[i % NAMES.length]}${NAMES[(i * 7 + 3) % NAMES.length]}${i % 97}${tag}`,
    artists: [SINGERS[i % SINGERS.length] as string],
    language: '国语' as const,
    category: '流行',
    durationMs: 1000,
    media: `songs/g${i}.mkv`,
    lyrics: i % 3 === 0 ? `songs/g${i}.lrc` : null,
    vocals: { kind: 'track' as const, vocalsTrack: 1, backingTrack: 2 },
    addedAt: i,
    plays: { all: i % 101, week: i % 7 },
  }));
}

const gz = (value: unknown) => gzipSync(JSON.stringify(value));
const snap = (version: number, list: CatalogSong[]): CatalogSnapshot => ({ version, createdAt: version, songs: list });
const QUERIES = ['yl', 'yueliang', '月亮', 'zjl', 'tiankong', '爱', 'x'];

describe('prepareVersion: decode, write, index; a restart loads the saved index', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ktv-prepare-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a snapshot is written with its index; open loads that index and answers like a fresh build', async () => {
    const d = join(dir, 'a');
    const v1 = snap(1, songs(500));
    const made = await prepareVersion({ kind: 'snapshot', dir: d, bytes: gz(v1), path: '1.json.gz', version: 1 });
    assert.equal(made?.indexLoaded, false, 'built the first time');
    assert.equal(made?.songCount, 500);
    const opened = await prepareVersion({ kind: 'open', dir: d });
    assert.ok(opened);
    assert.equal(opened.indexLoaded, true, 'loaded at start, not built');
    const room = await assembleRoomCatalog(opened, join(dir, 'media'));
    const fresh = roomCatalogFromLibrary(1, v1.songs, join(dir, 'media'));
    for (const text of QUERIES)
      assert.deepEqual(searchSongs(room.index, { text }), searchSongs(fresh.index, { text }), text);
    assert.deepEqual(room.catalog.songs, fresh.catalog.songs, 'the same playable songs, in snapshot order');
    assert.deepEqual([...room.remote], [...fresh.remote]);
  });

  it('a damaged saved index is built again (and saved again)', async () => {
    const d = join(dir, 'a');
    const file = join(d, '1.index');
    const good = await readFile(file);
    const bad = Buffer.from(good);
    bad.fill(0xff, 40, 400);
    await writeFile(file, bad);
    const opened = await prepareVersion({ kind: 'open', dir: d });
    assert.equal(opened?.indexLoaded, false, 'rebuilt');
    assert.deepEqual(await readFile(file), good, 'and written whole again');
  });

  it('a delta is applied over the version on disk; a delta from another version is refused', async () => {
    const d = join(dir, 'b');
    const v1 = snap(1, songs(300));
    const v2 = snap(
      2,
      [...songs(300).slice(10), ...songs(5, '新')].map((s, i) => ({ ...s, id: `h${i}` })),
    );
    await prepareVersion({ kind: 'snapshot', dir: d, bytes: gz(v1), path: '1.json.gz', version: 1 });
    const delta = diffCatalog(v1.songs, v2.songs, 1, 2);
    const made = await prepareVersion({ kind: 'delta', dir: d, bytes: gz(delta), path: '1-2', from: 1, to: 2, at: 2 });
    assert.ok(made);
    const room = await assembleRoomCatalog(made, join(dir, 'media'));
    assert.deepEqual(room.index.songs.map((s) => s.id).sort(), v2.songs.map((s) => s.id).sort());
    const wrong = diffCatalog(v1.songs, v2.songs, 1, 3);
    await assert.rejects(
      prepareVersion({ kind: 'delta', dir: d, bytes: gz(wrong), path: '1-3', from: 1, to: 3, at: 3 }),
      CatalogFileError,
    );
  });

  it('open on an empty folder is null; a snapshot of another version is refused', async () => {
    assert.equal(await prepareVersion({ kind: 'open', dir: join(dir, 'empty') }), null);
    await assert.rejects(
      prepareVersion({ kind: 'snapshot', dir: join(dir, 'c'), bytes: gz(snap(4, songs(3))), path: 'x', version: 5 }),
      /holds version 4, announced 5/,
    );
  });
});

describe('prepareInWorker: the event loop keeps turning while a version is indexed', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ktv-prepare-w-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('the loop is free while the worker builds, and turns between every chunk while the room assembles', async () => {
    const list = songs(20_000);
    // What the room did before: build on the event loop (the stall was the whole build).
    const t = performance.now();
    buildSearchIndex(list);
    const blocking = performance.now() - t;

    const bytes = gz(snap(7, list)); // the download, before the clock starts
    let longest = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 2);
    const made = await prepareInWorker({ kind: 'snapshot', dir: join(dir, 'w'), bytes, path: '7.json.gz', version: 7 });
    clearInterval(timer);
    assert.ok(made);
    assert.ok(
      longest < blocking,
      `longest stall while the worker built: ${longest.toFixed(1)} ms; building on the loop took ${blocking.toFixed(1)} ms`,
    );

    // Assembling: the loop turns between chunks (counted by a chain of setImmediate).
    let turns = 0;
    let counting = true;
    const count = () => {
      turns++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const room = await assembleRoomCatalog(made, join(dir, 'media'));
    counting = false;
    assert.equal(made.chunkEnds.length, 20);
    assert.ok(turns >= made.chunkEnds.length, `${turns} turns for ${made.chunkEnds.length} chunks`);
    assert.equal(room.index.songs.length, 20_000);
    assert.equal(searchSongs(room.index, { text: 'qinghuaci' }).songs[0]?.song.title.startsWith('青花瓷'), true);
  });

  it('a worker failure comes back with its code', async () => {
    await assert.rejects(
      prepareInWorker({ kind: 'snapshot', dir: join(dir, 'x'), bytes: Buffer.from('not gzip'), path: 'x', version: 1 }),
      (e: unknown) => e instanceof CatalogFileError && /not \(gzip'd\) JSON/.test(e.message),
    );
  });
});
