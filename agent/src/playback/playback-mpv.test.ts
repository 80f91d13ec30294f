import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RoomEventInput } from '@ktv/protocol';
import { pino } from 'pino';
import { loadCatalog } from '../catalog/load-catalog.js';
import type { Catalog } from '../catalog/types.js';
import { MpvPlayer } from '../player/mpv-player.js';
import { makeTempDir } from '../player/test-media.js';
import { waitForPlayerEvent, waitForPosition } from '../player/wait-for-player.js';
import { DEFAULT_QUEUE_OPTIONS } from '../queue/types.js';
import { systemClock } from '../time/clock.js';
import { PlaybackService } from './playback-service.js';
import { QueueJournal } from './queue-journal.js';
import { makeTestCatalog } from './test-catalog.js';

const logger = pino({ level: 'silent' });
let media: { dir: string; remove: () => Promise<void> };
let catalog: Catalog;

before(async () => {
  media = await makeTempDir('ktv-playback-media-');
  catalog = await loadCatalog(await makeTestCatalog(media.dir, { two: 3, lr: 3, bg: 30 }));
});
after(() => media.remove());

describe('PlaybackService on a real headless mpv', () => {
  it('queues two songs, 原唱/伴唱 keeps the position, end of file advances, 切歌 goes to 公播', async () => {
    const data = await makeTempDir('ktv-playback-data-');
    const player = await MpvPlayer.start({ dataDir: data.dir, extraArgs: ['--vo=null', '--ao=null'] });
    const journal = await QueueJournal.open({
      dir: join(data.dir, 'queue'),
      logger,
      queueOptions: DEFAULT_QUEUE_OPTIONS,
    });
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
      clock: systemClock,
      logger,
      lyricsCacheDir: join(data.dir, 'lyrics-cache'),
      defaultVocalMode: 'vocalsOn',
      backgroundVolumePct: 40,
      positionSaveMs: 2000,
      pushIntervalMs: 250,
      newEntryId: () => `e${++ids}`,
    });
    const [two, lr, bg] = [
      catalog.byId.get('two')?.media,
      catalog.byId.get('lr')?.media,
      catalog.backgroundPlaylist[0]?.media,
    ];
    try {
      await service.start();
      assert.equal(player.status().file, bg);
      assert.equal(service.view().background, true);
      assert.equal(player.status().volume, 40);

      await service.enqueue('two');
      await service.enqueue('lr');
      assert.equal(player.status().file, two);
      assert.equal(player.status().volume, 100);
      const client = player.supervisor.client;
      assert.ok(client);
      assert.equal(await client.getProperty('aid'), 1);
      const subs = (await client.getProperty('track-list')).filter((t) => t.type === 'sub' && t.selected && t.external);
      assert.equal(subs.length, 1, 'the lyrics are the selected subtitle track');

      const beforeSwitch = await waitForPosition(player, 800);
      await service.setVocalMode('vocalsOff');
      assert.equal(await client.getProperty('aid'), 2);
      const afterSwitch = await waitForPosition(player, beforeSwitch + 100);
      assert.ok(afterSwitch >= beforeSwitch && afterSwitch < beforeSwitch + 1000, `${beforeSwitch} -> ${afterSwitch}`);
      assert.equal(service.view().vocalMode, 'vocalsOff');

      // Plays to its end: the next song starts by itself.
      await waitForPlayerEvent(player, 'loaded', (e) => e.file === lr, 6000);
      await service.idle();
      assert.equal(service.view().current?.songId, 'lr');
      assert.equal(service.view().vocalMode, 'vocalsOn', 'the next song starts in the store default');
      const ended = events.find((e) => e.type === 'song.ended');
      assert.ok(
        ended?.type === 'song.ended' && ended.data.reason === 'eof' && ended.data.playedMs > 2000,
        JSON.stringify(ended),
      );

      await waitForPosition(player, 300);
      await service.skip();
      assert.equal(player.status().file, bg);
      assert.equal(service.view().background, true);
      assert.deepEqual(
        events.map((e) =>
          e.type === 'song.ended'
            ? `ended ${e.data.songId} ${e.data.reason}`
            : e.type === 'song.started'
              ? `started ${e.data.songId}`
              : e.type,
        ),
        [
          'queue.changed',
          'started two',
          'queue.changed',
          'queue.changed',
          'ended two eof',
          'started lr',
          'queue.changed',
          'ended lr skip',
        ],
      );
    } finally {
      await service.stop();
      await player.close();
      await journal.close();
      await data.remove();
    }
  });
});
