import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LibraryStore } from './library-store.js';
import { importLibrary } from './run-import.js';
import { makeMedia } from './test-media.js';

/** A supplier list's tempo (bpm) reaches the rooms' catalog: the party light scene follows it (issue #9). */
describe('song tempo from a supplier list', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ktv-tempo-'));
    await makeMedia(join(dir, 'a.mkv'), 'two-tracks');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const song = (id: string, extra: Record<string, unknown> = {}) => ({
    id,
    title: `歌${id}`,
    artists: ['某人'],
    language: '国语',
    category: '舞曲',
    durationMs: 1000,
    media: 'a.mkv',
    lyrics: null,
    vocals: { kind: 'track', vocalsTrack: 1, backingTrack: 2 },
    ...extra,
  });

  it('JSON and CSV: a tempo 30..300 is kept, none stays none, anything else is a problem', async () => {
    await writeFile(
      join(dir, 'list.json'),
      JSON.stringify({
        songs: [song('t1', { bpm: 128 }), song('t2'), song('t3', { bpm: 500 }), song('t4', { bpm: 'fast' })],
      }),
    );
    const store = await LibraryStore.open(join(dir, 'data'));
    const r = await importLibrary(store, join(dir, 'list.json'));
    assert.equal(r.added, 2);
    assert.deepEqual(
      r.problems.map((p) => p.reason),
      ['bpm "500" is not a whole number 30..300', 'bpm "fast" is not a whole number 30..300'],
    );
    const songs = new Map(store.current().songs.map((s) => [s.id, s]));
    assert.equal(songs.get('t1')?.bpm, 128);
    assert.equal(songs.get('t2')?.bpm, undefined);

    await writeFile(
      join(dir, 'list.csv'),
      [
        'id,title,artist,language,category,media,lyrics,vocals,durationMs,bpm',
        'c1,快歌,某人,国语,舞曲,a.mkv,,track:1:2,1000,96',
      ].join('\n'),
    );
    const csvStore = await LibraryStore.open(join(dir, 'data-csv'));
    await importLibrary(csvStore, join(dir, 'list.csv'));
    assert.equal(csvStore.current().songs.find((s) => s.id === 'c1')?.bpm, 96);
  });

  it('a changed tempo is a change of the song (a new catalog version)', async () => {
    const store = await LibraryStore.open(join(dir, 'data-change'));
    await writeFile(join(dir, 'change.json'), JSON.stringify({ songs: [song('t1', { bpm: 100 })] }));
    const first = await importLibrary(store, join(dir, 'change.json'));
    await writeFile(join(dir, 'change.json'), JSON.stringify({ songs: [song('t1', { bpm: 120 })] }));
    const second = await importLibrary(store, join(dir, 'change.json'));
    assert.equal(second.changed, 1);
    assert.ok((second.version ?? 0) > (first.version ?? 0));
    assert.equal(store.current().songs[0]?.bpm, 120);
  });
});
