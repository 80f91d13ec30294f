import assert from 'node:assert/strict';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseCsv } from './csv.js';
import { LibraryStore } from './library-store.js';
import { importLibrary } from './run-import.js';
import { parseVocals } from './supplier-list.js';
import { makeMedia } from './test-media.js';

describe('parseCsv', () => {
  const cases: [string, string[][]][] = [
    [
      'a,b\n1,2\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      '\uFEFFa,b\r\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    ['a\n"x, y","say ""hi"""\n', [['a'], ['x, y', 'say "hi"']]],
    ['a\n"two\nlines",3\n\n', [['a'], ['two\nlines', '3']]],
    ['a,,c\n', [['a', '', 'c']]],
  ];
  for (const [text, want] of cases) it(JSON.stringify(text), () => assert.deepEqual(parseCsv(text), want));
});

describe('parseVocals', () => {
  const cases: [unknown, unknown][] = [
    ['', undefined],
    ['track:1:2', { kind: 'track', vocalsTrack: 1, backingTrack: 2 }],
    ['track:2:1', { kind: 'track', vocalsTrack: 2, backingTrack: 1 }],
    ['track', { kind: 'track', vocalsTrack: 1, backingTrack: 2 }],
    ['channel:left', { kind: 'channel', vocalsChannel: 'left' }],
    ['R', { kind: 'channel', vocalsChannel: 'right' }],
    [
      { kind: 'channel', vocalsChannel: 'right' },
      { kind: 'channel', vocalsChannel: 'right' },
    ],
    ['track:0:2', { error: 'vocals "track:0:2" is not track:V:B, channel:left or channel:right' }],
    ['stereo', { error: 'vocals "stereo" is not track:V:B, channel:left or channel:right' }],
  ];
  for (const [value, want] of cases) it(JSON.stringify(value), () => assert.deepEqual(parseVocals(value), want));
});

describe('library import of a supplier list', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ktv-library-list-'));
    await makeMedia(join(dir, 'a.mkv'), 'two-tracks');
    await copyFile(join(dir, 'a.mkv'), join(dir, 'b.mkv'));
    await writeFile(join(dir, 'a.lrc'), '[00:00.00]x\n');
    await writeFile(join(dir, 'empty.mkv'), '');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('CSV: good rows imported, every bad row reported with its line and reason', async () => {
    const csv = [
      'id,title,artist,language,category,media,lyrics,vocals,durationMs',
      's001,吻别,张学友,国语,流行,a.mkv,a.lrc,track:1:2,265000',
      's002,"十年, live",陈奕迅/王菲,粤语,经典老歌,b.mkv,,channel:right,',
      ',没有编号,某人,国语,流行,a.mkv,,,1000',
      's004,找不到,某人,国语,流行,missing.mkv,,,1000',
      's005,坏声道,某人,国语,流行,a.mkv,,stereo,1000',
      's006,怪语种,某人,火星语,流行,a.mkv,,,1000',
      's001,同编号,某人,国语,流行,a.mkv,,,1000',
      's008,空文件,某人,国语,流行,empty.mkv,,,1000',
      's009,没歌词文件,某人,国语,流行,a.mkv,nope.lrc,,1000',
      'bad id!,坏编号,某人,国语,流行,a.mkv,,,1000',
    ].join('\n');
    await writeFile(join(dir, 'list.csv'), csv);
    const store = await LibraryStore.open(join(dir, 'data'));
    const r = await importLibrary(store, join(dir, 'list.csv'));
    assert.equal(r.version, 1);
    assert.equal(r.added, 2);
    assert.deepEqual(
      r.problems.map((p) => `${p.source}: ${p.reason}`),
      [
        'list.csv:4: no id',
        'list.csv:5: media file not found: missing.mkv',
        'list.csv:6: vocals "stereo" is not track:V:B, channel:left or channel:right',
        'list.csv:7: unknown language "火星语"',
        'list.csv:9: empty media file (0 bytes): empty.mkv',
        'list.csv:10: lyrics file not found: nope.lrc',
        'list.csv:11: id "bad id!" may only have letters, digits, _ . - (at most 64)',
      ],
    );
    assert.deepEqual(r.duplicates, [{ source: 'list.csv:8', keptSource: 'list.csv:2', reason: 'same id' }]);
    const songs = new Map(store.current().songs.map((s) => [s.id, s]));
    assert.equal(songs.get('s001')?.durationMs, 265000);
    assert.deepEqual(songs.get('s002')?.artists, ['陈奕迅', '王菲']);
    assert.equal(songs.get('s002')?.title, '十年, live');
    assert.equal(songs.get('s002')?.language, '粤语');
    assert.ok((songs.get('s002')?.durationMs ?? 0) > 900, 'a missing duration is read from the media');
    assert.deepEqual(songs.get('s002')?.vocals, { kind: 'channel', vocalsChannel: 'right' });
  });

  it('JSON (the generator catalog.json shape) and a broken JSON file', async () => {
    const doc = {
      version: 1,
      songs: [
        {
          id: 'g1',
          title: 'Super Star',
          artists: ['S.H.E'],
          language: '国语',
          category: '流行',
          durationMs: 1000,
          media: 'a.mkv',
          lyrics: null,
          vocals: { kind: 'track', vocalsTrack: 1, backingTrack: 2 },
          addedAt: 1700000000000,
        },
        {
          id: 'g2',
          title: 'K歌之王',
          artists: ['陈奕迅'],
          language: '粤语',
          category: '流行',
          durationMs: 1000,
          media: 'b.mkv',
          lyrics: null,
          vocals: { kind: 'channel', vocalsChannel: 'left' },
        },
        'not a song',
      ],
    };
    await writeFile(join(dir, 'catalog.json'), JSON.stringify(doc));
    const store = await LibraryStore.open(join(dir, 'data-json'));
    const r = await importLibrary(store, join(dir, 'catalog.json'));
    assert.equal(r.added, 2);
    assert.deepEqual(r.problems, [{ source: 'catalog.json#2', reason: 'not an object' }]);
    assert.equal(store.current().songs.find((s) => s.id === 'g1')?.addedAt, 1700000000000);

    await writeFile(join(dir, 'broken.json'), '{"songs": [');
    const broken = await importLibrary(store, join(dir, 'broken.json'));
    assert.equal(broken.problems.length, 1);
    assert.match(broken.problems[0]?.reason ?? '', /^not JSON/);
    assert.equal(broken.version, null);
    assert.equal(store.current().songs.length, 2, 'a broken list removes nothing');
  });
});
