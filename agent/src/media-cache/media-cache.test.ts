import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { pino } from 'pino';
import { PlayerError } from '../player/player-port.js';
import { SimPlayer } from '../player/sim-player.js';
import { systemClock } from '../time/clock.js';
import { cachingPlayer, type MediaSkip } from './caching-player.js';
import { MediaCache } from './media-cache.js';
import { Prefetcher } from './prefetcher.js';
import { StandInLibrary } from './testing/stand-in-library.js';

const logger = pino({ level: 'silent' });
/** Cache names as mediaFileName makes them: id, 16 hex digits, extension. */
const nameOf = (id: string) => `${id}.0123456789abcdef.mkv`;

describe('media cache', () => {
  let root: string;
  let lib: StandInLibrary;
  let baseUrl: string;
  let n = 0;
  let dir: string;
  const body = new Map<string, Buffer>();

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'ktv-media-'));
    lib = new StandInLibrary('room-101', 'pw');
    baseUrl = await lib.start();
    for (const [id, size] of [
      ['a', 300_000],
      ['b', 200_000],
      ['c', 100_000],
      ['d', 100_000],
    ] as const) {
      const b = randomBytes(size);
      body.set(id, b);
      lib.media.set(id, b);
    }
  });
  after(async () => {
    await lib.stop();
    await rm(root, { recursive: true, force: true });
  });
  beforeEach(() => {
    dir = join(root, `c${n++}`);
    lib.down = false;
    lib.requests.length = 0;
  });

  const open = async (maxBytes = 10_000_000) => {
    const cache = new MediaCache({
      dir,
      maxBytes,
      http: { baseUrl, username: 'room-101', password: 'pw' },
      clock: systemClock,
      logger,
    });
    await cache.open();
    return cache;
  };

  it('a cut download resumes with a Range request; the part is never taken as whole', async () => {
    const cache = await open();
    const file = join(dir, nameOf('a'));
    lib.cutAfter.set('a', 120_000);
    await assert.rejects(cache.ensure(file), /of 300000 bytes|terminated|aborted|other side closed/);
    assert.equal(cache.has(file), false, 'a part is not a cached song');
    assert.deepEqual(await readdir(dir), [`${nameOf('a')}.part`]);
    assert.ok((await stat(join(dir, `${nameOf('a')}.part`))).size > 0);
    await cache.ensure(file);
    assert.ok(cache.has(file));
    assert.deepEqual(await readFile(file), body.get('a'));
    const second = lib.requests.filter((r) => r.path === '/library/media/a')[1];
    assert.match(second?.range ?? '', /^bytes=\d+-$/);
    assert.equal(second?.status, 206);
    assert.deepEqual(await readdir(dir), [nameOf('a')]);
    // A reopened cache finds it.
    const again = await open();
    assert.ok(again.has(file));
  });

  it('LRU in bytes: the least recently played goes first, never a pinned one', async () => {
    const cache = await open(450_000);
    const f = (id: string) => join(dir, nameOf(id));
    await cache.ensure(f('a')); // 300k
    await cache.ensure(f('c')); // 100k -> 400k
    await cache.touch(f('a')); // a played after c
    cache.pin([f('c')]); // c is queued
    await cache.ensure(f('b')); // 200k -> 600k: a goes (c is pinned though older)
    assert.deepEqual(
      cache
        .list()
        .map((x) => x.name)
        .sort(),
      [nameOf('b'), nameOf('c')],
    );
    cache.pin([]);
    await cache.ensure(f('a')); // 300k more: c (older) and b go as needed
    assert.ok(cache.totalBytes() <= 450_000);
    assert.ok(cache.has(f('a')), 'the newest stays');
    assert.deepEqual(
      (await readdir(dir)).sort(),
      cache
        .list()
        .map((x) => x.name)
        .sort(),
      'disk follows the index',
    );
  });

  it('prefetches the playing song, then the queue in order, and pins them', async () => {
    const cache = await open();
    const f = (id: string) => join(dir, nameOf(id));
    const pre = new Prefetcher({ cache, limit: 2, clock: systemClock, logger, backoff: { minMs: 10, maxMs: 20 } });
    pre.update(f('d'), [f('c'), f('a'), f('b')]);
    await pre.idle();
    assert.deepEqual(pre.fetched, [f('d'), f('c'), f('a')], 'playing, then the first two queued');
    assert.equal(cache.has(f('b')), false);
    await pre.stop();
  });

  it('with the gateway down: a cached song plays, one not cached is refused with a reason', async () => {
    const cache = await open();
    const f = (id: string) => join(dir, nameOf(id));
    await cache.ensure(f('c'));
    lib.down = true;
    const skips: MediaSkip[] = [];
    const sim = new SimPlayer({ clock: systemClock, durationOf: () => 60_000, vocalMode: 'vocalsOn' });
    const player = cachingPlayer(sim, cache, { logger, now: () => 7, onSkip: (s) => skips.push(s) });
    await player.load(f('c'));
    assert.equal(player.status().file, f('c'));
    await assert.rejects(
      player.load(f('d')),
      (e: unknown) => e instanceof PlayerError && e.code === 'KTV_E_PLAYER_LOAD',
    );
    assert.equal(skips.length, 1);
    assert.equal(skips[0]?.songId, 'd');
    assert.equal(skips[0]?.code, 'KTV_E_DOWNLOAD');
    await player.close();
  });
});
