import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RoomEventInput } from '@ktv/protocol';
import { pino } from 'pino';
import { catalogFromJson } from '../catalog/load-catalog.js';
import type { LoadOptions } from '../player/player-port.js';
import { SimPlayer } from '../player/sim-player.js';
import type { VocalMode } from '../player/vocal-mode.js';
import { DEFAULT_QUEUE_OPTIONS } from '../queue/types.js';
import { FakeClock } from '../time/fake-clock.js';
import { PlaybackService } from './playback-service.js';
import { QueueJournal } from './queue-journal.js';

const logger = pino({ level: 'silent' });

/** A SimPlayer that writes down what it was told. */
class RecordingPlayer extends SimPlayer {
  readonly told: string[] = [];
  private readonly toldWaiters: { line: string; resolve: () => void }[] = [];
  /** When set, a load waits for it, reporting the last file's position meanwhile (as mpv does). */
  loadGate: Promise<void> | null = null;
  override async load(file: string, o: LoadOptions = {}): Promise<void> {
    const sub = o.subFile ? ' +lyrics' : '';
    this.note(`load ${basename(file)} @${o.startMs ?? 0} ${o.vocalMode ?? '-'}${sub}`);
    if (this.loadGate) await this.loadGate;
    await super.load(file, o);
  }
  /** Resolves once the player is told `line` (at once if it was). */
  toldAlready(line: string): Promise<void> {
    if (this.told.includes(line)) return Promise.resolve();
    return new Promise((resolve) => this.toldWaiters.push({ line, resolve }));
  }
  private note(line: string): void {
    this.told.push(line);
    for (const w of this.toldWaiters.filter((w) => w.line === line)) w.resolve();
  }
  override async seek(ms: number): Promise<void> {
    this.told.push(`seek ${ms}`);
    await super.seek(ms);
  }
  override async pause(): Promise<void> {
    this.told.push('pause');
    await super.pause();
  }
  override async resume(): Promise<void> {
    this.told.push('resume');
    await super.resume();
  }
  override async stop(): Promise<void> {
    this.told.push('stop');
    await super.stop();
  }
  override async setVocalMode(mode: VocalMode): Promise<void> {
    this.told.push(`vocals ${mode}`);
    await super.setVocalMode(mode);
  }
  override async setVolume(v: number): Promise<void> {
    this.told.push(`volume ${v}`);
    await super.setVolume(v);
  }
}

let media: string;
before(async () => {
  media = await mkdtemp(join(tmpdir(), 'ktv-playback-'));
  await writeFile(join(media, 'a.lrc'), '[00:01.00]第一行\n[00:03.00]第二行\n[00:05.00]第三行\n');
});
after(() => rm(media, { recursive: true, force: true }));

const catalogJson = {
  version: 1,
  songs: [
    {
      id: 'a',
      title: '甲',
      artist: '歌手',
      durationMs: 10_000,
      media: 'a.mkv',
      lyrics: 'a.lrc',
      vocals: { kind: 'track', vocalsTrack: 1, backingTrack: 2 },
    },
    { id: 'b', title: '乙', artist: '歌手', durationMs: 8_000, media: 'b.mkv' },
    { id: 'broken', title: '坏', artist: '歌手', durationMs: 0, media: 'broken.mkv' },
  ],
  backgroundPlaylist: [
    { id: 'bg1', durationMs: 5_000, media: 'bg1.mkv' },
    { id: 'bg2', durationMs: 5_000, media: 'bg2.mkv' },
  ],
};

async function rig(dataDir: string) {
  const clock = new FakeClock();
  const catalog = catalogFromJson(join(media, 'catalog.json'), catalogJson);
  const durations = new Map<string, number>(
    [...catalog.songs, ...catalog.backgroundPlaylist].map((s) => [s.media, s.durationMs]),
  );
  const player = new RecordingPlayer({ clock, durationOf: (f) => (durations.get(f) || null) ?? null });
  const journal = await QueueJournal.open({ dir: join(dataDir, 'queue'), logger, queueOptions: DEFAULT_QUEUE_OPTIONS });
  const events: RoomEventInput[] = [];
  let ids = 0;
  const service = new PlaybackService({
    player,
    catalog,
    journal,
    queueOptions: DEFAULT_QUEUE_OPTIONS,
    record: async (e) => {
      events.push(e);
    },
    clock,
    logger,
    lyricsCacheDir: join(dataDir, 'lyrics-cache'),
    defaultVocalMode: 'vocalsOn',
    backgroundVolumePct: 40,
    positionSaveMs: 2000,
    pushIntervalMs: 250,
    newEntryId: () => `e${++ids}`,
  });
  const pushes: string[] = [];
  service.onChange((k) => pushes.push(k));
  await service.start();
  /** Moves the fake time on and lets the service finish what that caused. */
  const advance = async (ms: number) => {
    clock.advance(ms);
    await service.idle();
    await service.idle();
  };
  return { clock, player, journal, service, events, pushes, advance };
}

type Rig = Awaited<ReturnType<typeof rig>>;

const cases: { name: string; steps: (r: Rig) => Promise<void>; told: string[]; events?: string[] }[] = [
  {
    name: 'an empty queue plays 公播 quietly, clip after clip',
    steps: (r) => r.advance(5_000),
    told: ['volume 40', 'load bg2.mkv @0 -'],
  },
  {
    name: '点歌 on an empty queue starts the song at full level with its lyrics',
    steps: async (r) => {
      await r.service.enqueue('a');
    },
    told: ['volume 100', 'load a.mkv @0 vocalsOn +lyrics'],
    events: ['queue.changed', 'song.started'],
  },
  {
    name: 'end of file advances the queue, the last one hands over to 公播',
    steps: async (r) => {
      await r.service.enqueue('a');
      await r.service.enqueue('b');
      await r.advance(10_000);
      await r.advance(8_000);
    },
    told: [
      'volume 100',
      'load a.mkv @0 vocalsOn +lyrics',
      'volume 100',
      'load b.mkv @0 vocalsOn',
      'volume 40',
      'load bg1.mkv @0 -',
    ],
    events: [
      'queue.changed',
      'song.started',
      'queue.changed',
      'queue.changed',
      'song.ended',
      'song.started',
      'queue.changed',
      'song.ended',
    ],
  },
  {
    name: '切歌 and 重唱',
    steps: async (r) => {
      await r.service.enqueue('a');
      await r.service.enqueue('b');
      await r.advance(3_000);
      await r.service.replay();
      await r.service.skip();
    },
    told: ['volume 100', 'load a.mkv @0 vocalsOn +lyrics', 'seek 0', 'volume 100', 'load b.mkv @0 vocalsOn'],
    events: [
      'queue.changed',
      'song.started',
      'queue.changed',
      'queue.changed',
      'song.ended',
      'song.started',
      'queue.changed',
      'song.ended',
      'song.started',
    ],
  },
  {
    name: '原唱/伴唱 switches the playing song, pause and resume',
    steps: async (r) => {
      await r.service.enqueue('a');
      await r.service.setVocalMode('vocalsOff');
      await r.service.pause();
      await r.service.resume();
    },
    told: ['volume 100', 'load a.mkv @0 vocalsOn +lyrics', 'vocals vocalsOff', 'pause', 'resume'],
  },
  {
    name: 'a song that cannot play ends with reason error and the next one starts',
    steps: async (r) => {
      await r.service.enqueue('broken');
    },
    told: ['volume 100', 'load broken.mkv @0 vocalsOn', 'volume 40', 'load bg1.mkv @0 -'],
    events: ['queue.changed', 'song.started', 'queue.changed', 'song.ended'],
  },
];

describe('PlaybackService on the simulated player', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'ktv-playback-data-'));
      const r = await rig(dir);
      try {
        assert.deepEqual(r.player.told.splice(0), ['volume 40', 'load bg1.mkv @0 -']);
        assert.equal(r.service.view().background, true);
        r.events.length = 0;
        await c.steps(r);
        assert.deepEqual(r.player.told, c.told);
        if (c.events)
          assert.deepEqual(
            r.events.map((e) => e.type),
            c.events,
          );
      } finally {
        await r.service.stop();
        await r.journal.close();
        await rm(dir, { recursive: true, force: true });
      }
    });
  }

  it('refuses with stable codes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ktv-playback-data-'));
    const r = await rig(dir);
    try {
      await assert.rejects(r.service.enqueue('nope'), { code: 'KTV_E_SONG_UNKNOWN' });
      await assert.rejects(r.service.skip(), { code: 'KTV_E_QUEUE_NOTHING_PLAYING' });
      await assert.rejects(r.service.setVocalMode('vocalsOff'), { code: 'KTV_E_QUEUE_NOTHING_PLAYING' });
      const a = await r.service.enqueue('a');
      await assert.rejects(r.service.remove(a.entryId), { code: 'KTV_E_QUEUE_ENTRY_PLAYING' });
      await assert.rejects(r.service.remove('zzz'), { code: 'KTV_E_QUEUE_ENTRY_UNKNOWN' });
      const b = await r.service.enqueue('b');
      await assert.rejects(r.service.move(b.entryId, 3), { code: 'KTV_E_QUEUE_INDEX' });
    } finally {
      await r.service.stop();
      await r.journal.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('view: lyrics lines follow the position; position pushes at most every 250 ms', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ktv-playback-data-'));
    const r = await rig(dir);
    try {
      await r.service.enqueue('a');
      r.pushes.length = 0;
      await r.advance(1_500);
      const v = r.service.view();
      assert.equal(v.current?.songId, 'a');
      assert.equal(v.positionMs, 1_500);
      assert.equal(v.durationMs, 10_000);
      assert.deepEqual(v.lyrics, { current: '第一行', next: '第二行' });
      const positionPushes = r.pushes.filter((p) => p === 'position').length;
      assert.ok(positionPushes >= 5 && positionPushes <= 7, `${positionPushes} position pushes in 1.5 s`);
    } finally {
      await r.service.stop();
      await r.journal.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('切歌: while the next song loads, the screens see it at its start, not at the position of the last song', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ktv-playback-data-'));
    const r = await rig(dir);
    let open = () => {};
    try {
      await r.service.enqueue('b');
      await r.service.enqueue('a');
      await r.advance(3_500);
      assert.equal(r.service.view().positionMs, 3_500);
      r.player.loadGate = new Promise<void>((resolve) => {
        open = resolve;
      });
      const skipped = r.service.skip();
      await r.player.toldAlready('load a.mkv @0 vocalsOn +lyrics');
      const loading = r.service.view();
      assert.equal(loading.current?.songId, 'a');
      assert.equal(r.player.status().positionMs, 3_500, 'the player still reports the last song');
      assert.equal(loading.positionMs, 0);
      assert.deepEqual(loading.lyrics, { current: null, next: '第一行' });
      open();
      await skipped;
      assert.equal(r.service.view().positionMs, 0);
    } finally {
      open();
      await r.service.stop();
      await r.journal.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a restart resumes the queue, the vocal choice and the saved position', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ktv-playback-data-'));
    const r1 = await rig(dir);
    await r1.service.enqueue('a');
    await r1.service.enqueue('b');
    await r1.service.setVocalMode('vocalsOff');
    await r1.advance(4_000); // saves every 2 s
    // A power cut: nothing is stopped cleanly; the journal has what was appended.
    await r1.journal.close();
    const r2 = await rig(dir);
    try {
      assert.deepEqual(r2.player.told, ['volume 100', 'load a.mkv @4000 vocalsOff +lyrics']);
      assert.equal(r2.service.view().upcoming[0]?.songId, 'b');
      assert.equal(r2.service.view().vocalMode, 'vocalsOff');
    } finally {
      await r2.service.stop();
      await r2.journal.close();
      await r1.service.stop().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
