import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { type CatalogDelta, validateCatalogAnnouncement } from '@ktv/protocol';
import { LibraryStore } from './library-store.js';
import { importLibrary } from './run-import.js';
import { makeMedia } from './test-media.js';

let dir: string;
let songs: string;
let two: string;
let one: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ktv-library-import-'));
  songs = join(dir, 'songs');
  await mkdir(join(songs, '国语'), { recursive: true });
  await mkdir(join(songs, '英语'), { recursive: true });
  await mkdir(join(songs, 'copies'), { recursive: true });
  two = join(dir, 'two.mkv');
  one = join(dir, 'one.mp3');
  await makeMedia(two, 'two-tracks');
  await makeMedia(one, 'one-track');
  await copyFile(two, join(songs, '张学友-吻别.mkv'));
  await writeFile(join(songs, '张学友-吻别.lrc'), '[00:00.00]吻别\n');
  await copyFile(one, join(songs, '歌手 - 海阔天空 (伴奏版).mp3'));
  await copyFile(two, join(songs, '陈奕迅－十年.mkv'));
  await copyFile(one, join(songs, '月亮代表我的心.mp3'));
  await copyFile(two, join(songs, '国语', '周杰伦-晴天.mkv'));
  await copyFile(one, join(songs, '英语', 'Adele - Hello.mp3'));
  await copyFile(two, join(songs, 'copies', '张学友-吻别.mkv'));
  await writeFile(join(songs, 'empty.mkv'), '');
  await writeFile(join(songs, 'notes.mp4'), 'this is not a video, only some text\n'.repeat(20));
  await writeFile(
    join(songs, 'bad-tags.mp3'),
    Buffer.concat([Buffer.from('ID3\x04\x00\x00\x7f\x7f\x7f\x7f'), Buffer.alloc(64, 0xff)]),
  );
  await writeFile(join(songs, 'readme.txt'), 'not media');
});
after(() => rm(dir, { recursive: true, force: true }));

describe('library import of a folder', () => {
  it('imports good files, reports broken files and duplicates, parses odd names', async () => {
    const store = await LibraryStore.open(join(dir, 'data1'));
    const progress: number[] = [];
    const r = await importLibrary(store, songs, { onProgress: (p) => p.phase === 'reading' && progress.push(p.done) });
    assert.equal(r.version, 1);
    const problems = Object.fromEntries(r.problems.map((p) => [basename(p.source), p.reason]));
    assert.deepEqual(Object.keys(problems).sort(), ['bad-tags.mp3', 'empty.mkv', 'notes.mp4']);
    assert.match(problems['empty.mkv'] ?? '', /empty file/);
    assert.equal(r.duplicates.length, 1);
    assert.match(r.duplicates[0]?.source ?? '', /copies/, 'the copy without lyrics is the duplicate');
    assert.match(r.duplicates[0]?.keptSource ?? '', /songs\/张学友-吻别.mkv$/);
    assert.equal(r.duplicates[0]?.reason, 'same title, artist and media');
    assert.equal(r.added, 6);
    assert.equal(r.songs, 6);
    assert.equal(progress.at(-1), 10, 'progress counts every media file');

    const byTitle = new Map(store.current().songs.map((s) => [s.title, s]));
    const kiss = byTitle.get('吻别');
    assert.deepEqual(kiss?.artists, ['张学友']);
    assert.deepEqual(kiss?.vocals, { kind: 'track', vocalsTrack: 1, backingTrack: 2 });
    assert.match(kiss?.lyrics ?? '', /^\/library\/lyrics\//);
    assert.match(kiss?.media ?? '', /^\/library\/media\//);
    assert.ok((kiss?.durationMs ?? 0) > 900);
    assert.deepEqual(byTitle.get('海阔天空')?.artists, ['歌手']);
    assert.deepEqual(byTitle.get('海阔天空')?.vocals, { kind: 'channel', vocalsChannel: 'right' });
    assert.equal(byTitle.get('海阔天空')?.lyrics, null);
    assert.deepEqual(byTitle.get('十年')?.artists, ['陈奕迅']);
    assert.deepEqual(byTitle.get('月亮代表我的心')?.artists, []);
    assert.equal(byTitle.get('晴天')?.language, '国语');
    assert.equal(byTitle.get('Hello')?.language, '英语');
    assert.deepEqual(byTitle.get('Hello')?.artists, ['Adele']);

    const ann = validateCatalogAnnouncement(JSON.parse(await readFile(join(store.catalogDir, 'current.json'), 'utf8')));
    assert.ok(ann.ok);
    assert.equal(ann.value.snapshot.path, '/library/catalog/1.json.gz');
    assert.deepEqual(ann.value.deltas, []);
  });

  it('re-import of the same folder changes nothing; one changed file makes one small delta', async () => {
    const data = join(dir, 'data2');
    const store = await LibraryStore.open(data);
    const first = await importLibrary(store, songs);
    assert.equal(first.version, 1);
    const again = await importLibrary(store, songs);
    assert.equal(again.version, null);
    assert.equal(again.unchanged, 6);
    assert.equal(again.changed, 0);

    await writeFile(join(songs, '张学友-吻别.lrc'), '[00:00.00]吻别\n[00:01.00]新的一行\n');
    const later = new Date(Date.now() + 5000);
    await utimes(join(songs, '张学友-吻别.lrc'), later, later);
    const changed = await importLibrary(store, songs);
    assert.equal(changed.version, 2);
    assert.equal(changed.changed, 1);
    assert.equal(changed.unchanged, 5);
    // the song's public fields did not change (lyrics are served by id), so the delta may be empty
    // of upserts only if nothing rooms see changed: the lyrics changed, rooms must fetch them again.
    const ann = store.current().announcement;
    assert.ok(ann);
    assert.equal(ann.deltas.length, 1);
    assert.equal(ann.deltas[0]?.from, 1);
    const delta = JSON.parse(
      gunzipSync(await readFile(join(store.catalogDir, '1-2.json.gz'))).toString(),
    ) as CatalogDelta;
    assert.equal(delta.upserts.length, 1);
    assert.equal(delta.upserts[0]?.title, '吻别');
    assert.deepEqual(delta.removes, []);
  });
});
