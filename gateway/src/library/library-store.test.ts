import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { applyDelta, type CatalogDelta, type CatalogSnapshot } from '@ktv/protocol';
import type { LibraryEntry } from './entry.js';
import { LibraryBusyError, LibraryStore } from './library-store.js';

const entry = (id: string, title: string): LibraryEntry => ({
  id,
  title,
  artists: ['歌手'],
  language: '国语',
  category: '流行',
  durationMs: 1000,
  mediaFile: `/songs/${id}.mkv`,
  lyricsFile: null,
  vocals: { kind: 'channel', vocalsChannel: 'right' },
  contentHash: `${id}:${title}`,
  stamp: '1:1',
  lyricsStamp: null,
  addedAt: 1,
  root: '/songs',
});

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ktv-library-store-'));
});
after(() => rm(dir, { recursive: true, force: true }));

describe('LibraryStore versions', () => {
  it('each change is a version with deltas from the recent versions; every delta leads to the snapshot', async () => {
    const store = await LibraryStore.open(dir);
    const songs = Array.from({ length: 200 }, (_, i) => entry(`s${i}`, `歌${i}`));
    let entries = songs;
    assert.equal((await store.commit(entries, undefined, 1000))?.announcement.version, 1);
    assert.equal(await store.commit(entries, undefined, 1001), undefined, 'nothing changed: no version');
    for (let v = 2; v <= 8; v++) {
      entries = entries.map((e, i) => (i === v ? entry(e.id, `新${v}`) : e));
      if (v === 5) entries = entries.slice(0, -1);
      const committed = await store.commit(entries, undefined, 1000 + v);
      assert.equal(committed?.announcement.version, v);
    }
    const ann = store.current().announcement;
    assert.ok(ann);
    assert.deepEqual(
      ann.deltas.map((d) => d.from),
      [7, 6, 5, 4, 3],
    );
    const read = async (name: string) => {
      const bytes = await readFile(join(store.catalogDir, name));
      return { bytes, value: JSON.parse(gunzipSync(bytes).toString()) as unknown };
    };
    const snap = (await read('8.json.gz')).value as CatalogSnapshot;
    const byId = (list: { id: string }[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
    for (const d of ann.deltas) {
      const name = d.path.replace('/library/catalog/', '');
      const { bytes, value } = await read(name);
      assert.equal(createHash('sha256').update(bytes).digest('hex'), d.sha256);
      const delta = value as CatalogDelta;
      const from = await read(`${d.from}.json.gz`).catch(() => undefined);
      if (!from) continue; // older snapshots are gone; the delta alone is kept
      assert.deepEqual(
        byId(applyDelta((from.value as CatalogSnapshot).songs, delta)),
        byId(snap.songs),
        `delta from ${d.from}`,
      );
    }
    const files = (await readdir(store.catalogDir)).sort();
    assert.ok(!files.includes('1.json.gz') && !files.includes('5.json.gz'), 'old snapshots are removed');
    assert.ok(files.includes('6.json.gz') && files.includes('8.json.gz'));
    assert.ok(!files.some((f) => f.endsWith('.tmp')));

    const reopened = await LibraryStore.open(dir);
    assert.equal(reopened.current().version, 8);
    assert.equal(reopened.current().songs.length, 199);
  });

  it('plays go into the next version; the lock keeps a second writer out', async () => {
    const store = await LibraryStore.open(dir);
    const plays = new Map([['s1', { week: 2, all: 9 }]]);
    const committed = await store.commit(store.current().entries, plays, 2000);
    assert.equal(committed?.delta.upserts, 1);
    assert.deepEqual(store.current().songs.find((s) => s.id === 's1')?.plays, { week: 2, all: 9 });
    const unlock = await store.lock();
    await assert.rejects(store.lock(), LibraryBusyError);
    await unlock();
    const again = await store.lock();
    await again();
  });
});
