import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type CatalogSnapshot, type CatalogSong, diffCatalog, searchSongs } from '@ktv/protocol';
import { pino } from 'pino';
import { StandInLibrary } from '../../media-cache/testing/stand-in-library.js';
import { systemClock } from '../../time/clock.js';
import { CatalogHolder } from '../catalog-holder.js';
import { assembleRoomCatalog, roomCatalogFromLibrary } from '../room-catalog.js';
import { CatalogFiles } from './catalog-files.js';
import { CatalogReplica, type ReplicaStatus } from './catalog-replica.js';
import { prepareInWorker } from './prepare-in-worker.js';

const logger = pino({ level: 'silent' });

export function song(id: string, title: string, artist: string, addedAt = 1): CatalogSong {
  return {
    id,
    title,
    artists: [artist],
    language: '国语',
    category: '流行',
    durationMs: 3000,
    media: `songs/${id}.mkv`,
    lyrics: null,
    vocals: { kind: 'track', vocalsTrack: 1, backingTrack: 2 },
    addedAt,
  };
}

const snap = (version: number, songs: CatalogSong[]): CatalogSnapshot => ({ version, createdAt: version, songs });

function waitStatus(replica: CatalogReplica, pred: (s: ReplicaStatus) => boolean): Promise<ReplicaStatus> {
  return new Promise((resolve) => {
    if (pred(replica.status())) return resolve(replica.status());
    const off = replica.onStatus((s) => {
      if (pred(s)) {
        off();
        resolve(s);
      }
    });
  });
}

describe('catalog replica', () => {
  let dir: string;
  let lib: StandInLibrary;
  let baseUrl: string;
  const v1 = snap(1, [song('s1', '月亮代表我的心', '邓丽君'), song('s2', '海阔天空', 'Beyond')]);
  const v2 = snap(2, [song('s1', '月亮代表我的心', '邓丽君'), song('s3', '青花瓷', '周杰伦')]);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ktv-replica-'));
    lib = new StandInLibrary('room-101', 'secret');
    baseUrl = await lib.start();
  });
  after(async () => {
    await lib.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const open = async (sub: string) => {
    const holder = new CatalogHolder({ ...roomCatalogFromLibrary(0, [], join(dir, 'media')), version: null });
    const replica = new CatalogReplica({
      files: new CatalogFiles(join(dir, sub)),
      http: { baseUrl, username: 'room-101', password: 'secret' },
      holder,
      prepare: prepareInWorker,
      assemble: (p) => assembleRoomCatalog(p, join(dir, 'media')),
      clock: systemClock,
      logger,
      backoff: { minMs: 20, maxMs: 80 },
    });
    await replica.open();
    return { holder, replica };
  };
  const titles = (holder: CatalogHolder) => holder.current.catalog.songs.map((s) => s.title);

  it('takes the snapshot, then a delta; writes N.json.gz and the current pointer', async () => {
    const { holder, replica } = await open('a');
    replica.announce(lib.announcement(v1));
    await waitStatus(replica, (s) => s.version === 1);
    assert.deepEqual(titles(holder), ['月亮代表我的心', '海阔天空']);
    assert.equal(holder.current.catalog.byId.get('s1')?.artist, '邓丽君');
    assert.equal((await readFile(join(dir, 'a', 'current'), 'utf8')).trim(), '1');

    lib.requests.length = 0;
    replica.announce(lib.announcement(v2, [diffCatalog(v1.songs, v2.songs, 1, 2)]));
    await waitStatus(replica, (s) => s.version === 2);
    assert.deepEqual(titles(holder), ['月亮代表我的心', '青花瓷']);
    assert.deepEqual(
      lib.requests.map((r) => r.path),
      ['/library/catalog/1-2.json.gz'],
      'only the delta was fetched',
    );
    assert.equal(searchSongs(holder.current.index, { text: '青花' }).songs[0]?.song.id, 's3');
    assert.deepEqual(
      (await readdir(join(dir, 'a'))).sort(),
      ['1.json.gz', '2.index', '2.json.gz', 'current'],
      'two versions kept, the index of the one in use',
    );
    await replica.stop();

    // A restart finds version 2 on disk, with the gateway gone.
    lib.down = true;
    const again = await open('a');
    assert.equal(again.replica.status().version, 2);
    assert.deepEqual(titles(again.holder), ['月亮代表我的心', '青花瓷']);
    await again.replica.stop();
    lib.down = false;
  });

  it('a corrupt download (bad sha256) keeps the old catalog, is reported and retried until it is right', async () => {
    const { holder, replica } = await open('b');
    replica.announce(lib.announcement(v1));
    await waitStatus(replica, (s) => s.version === 1);
    const v3 = snap(3, [...v1.songs, song('s4', '小幸运', '田馥甄')]);
    const a3 = lib.announcement(v3, [], true);
    lib.requests.length = 0;
    replica.announce(a3);
    const failed = await waitStatus(replica, (s) => s.failures >= 2);
    assert.equal(failed.lastError?.code, 'KTV_E_DOWNLOAD_SHA256');
    assert.equal(failed.version, 1);
    assert.deepEqual(titles(holder), ['月亮代表我的心', '海阔天空'], 'the old catalog stays');
    assert.equal((await readFile(join(dir, 'b', 'current'), 'utf8')).trim(), '1');
    // The gateway serves the right file again: the next retry takes it.
    lib.putSnapshot(v3);
    const ok = await waitStatus(replica, (s) => s.version === 3);
    assert.equal(ok.lastError, null);
    assert.equal(holder.current.catalog.songs.length, 3);
    await replica.stop();
  });

  it('an agent offline during an update catches up when the gateway is back; search works meanwhile', async () => {
    const { holder, replica } = await open('c');
    replica.announce(lib.announcement(v1));
    await waitStatus(replica, (s) => s.version === 1);
    lib.down = true;
    replica.announce(lib.announcement(v2));
    const down = await waitStatus(replica, (s) => s.failures >= 1);
    assert.equal(down.lastError?.code, 'KTV_E_DOWNLOAD');
    assert.equal(
      searchSongs(holder.current.index, { text: '海阔' }).songs[0]?.song.id,
      's2',
      'search from the local copy',
    );
    lib.down = false;
    await waitStatus(replica, (s) => s.version === 2);
    assert.deepEqual(titles(holder), ['月亮代表我的心', '青花瓷']);
    await replica.stop();
  });

  it('a search during the swap sees one whole version', async () => {
    const { holder, replica } = await open('d');
    const big = (v: number) =>
      snap(
        v,
        Array.from({ length: 3000 }, (_, i) => song(`x${i}`, `歌${i}版${v}`, `歌手${i % 50}`)),
      );
    replica.announce(lib.announcement(big(1)));
    await waitStatus(replica, (s) => s.version === 1);
    replica.announce(lib.announcement(big(2)));
    const seen = new Set<string>();
    let done = false;
    void waitStatus(replica, (s) => s.version === 2).then(() => {
      done = true;
    });
    while (!done) {
      const { catalog, index, version } = holder.current;
      const hits = searchSongs(index, { text: '歌', limit: 500 }).songs;
      const versions = new Set(hits.map((h) => h.song.title.split('版')[1]));
      assert.equal(versions.size, 1, 'one version per search');
      assert.equal([...versions][0], String(version));
      assert.ok(catalog.byId.get('x1')?.title.endsWith(`版${version}`));
      seen.add(String(version));
      await new Promise((r) => setImmediate(r));
    }
    assert.ok(seen.has('1'), 'searched the old version during the update');
    assert.equal(holder.current.version, 2);
    await replica.stop();
  });
});
