import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { buildSearchIndex, type CatalogSong, searchSongs } from '@ktv/protocol';
import { libraryIndex } from './library-index.js';

const TITLES = ['月亮代表我的心', '海阔天空', '重来', '青花瓷', 'Super Star', '小幸运'];
const songs: CatalogSong[] = Array.from({ length: 300 }, (_, i) => ({
  id: `L${i}`,
  title: `${TITLES[i % TITLES.length]}${i % 7 === 0 ? '' : ` ${i}`}`,
  artists: [['邓丽君', 'Beyond', '周杰伦'][i % 3] as string],
  language: '国语',
  category: '流行',
  durationMs: 1000,
  media: `m/${i}.mkv`,
  lyrics: null,
  vocals: { kind: 'channel', vocalsChannel: 'left' },
  addedAt: i,
  plays: { all: i % 13, week: i % 5 },
}));
const QUERIES = ['yl', 'yueliang', '海阔', 'zjl', 'super', 'c'];

describe('libraryIndex: the gateway indexes a big catalog in a worker thread', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ktv-lib-index-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('the worker reads the snapshot file; its index answers like one built in place', async () => {
    const file = join(dir, '3.json.gz');
    await writeFile(file, gzipSync(JSON.stringify({ version: 3, createdAt: 1, songs })));
    const made = await libraryIndex(songs, file, 0);
    assert.equal(made.via, 'worker');
    assert.equal(made.fallback, undefined);
    const here = buildSearchIndex(songs);
    for (const text of QUERIES) assert.deepEqual(searchSongs(made.index, { text }), searchSongs(here, { text }), text);
  });

  it('a small catalog is built in place', async () => {
    assert.equal((await libraryIndex(songs, join(dir, 'none.json.gz'))).via, 'in place');
  });

  const fallbacks: Array<[string, () => Promise<string>, RegExp]> = [
    ['a missing file', async () => join(dir, 'missing.json.gz'), /ENOENT/],
    [
      'a file of other songs',
      async () => {
        const file = join(dir, 'other.json.gz');
        const other = songs.map((s) => ({ ...s, id: `X${s.id}` }));
        await writeFile(file, gzipSync(JSON.stringify({ version: 4, createdAt: 1, songs: other })));
        return file;
      },
      /other songs/,
    ],
  ];
  for (const [name, fileOf, reason] of fallbacks) {
    it(`${name}: built in place, with the reason`, async () => {
      const made = await libraryIndex(songs, await fileOf(), 0);
      assert.equal(made.via, 'in place');
      assert.match(made.fallback ?? '', reason);
      assert.deepEqual(searchSongs(made.index, { text: 'yl' }), searchSongs(buildSearchIndex(songs), { text: 'yl' }));
    });
  }
});
