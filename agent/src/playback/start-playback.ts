import { join } from 'node:path';
import type { RoomEventInput } from '@ktv/protocol';
import type { Logger } from 'pino';
import { openRoomLibrary, type RoomLibrary } from '../catalog/room-library.js';
import type { Catalog } from '../catalog/types.js';
import type { AgentConfig } from '../config/types.js';
import { type AmpPort, createAmpPort } from '../hardware/amp/index.js';
import type { PlayerPort } from '../player/player-port.js';
import { DEFAULT_QUEUE_OPTIONS } from '../queue/types.js';
import type { Clock } from '../time/clock.js';
import { createVolumeControl } from '../volume/index.js';
import { savedLevels } from '../volume/saved-levels.js';
import type { VolumeControl } from '../web/volume-control.js';
import { createPlayer } from './create-player.js';
import { type ChangeKind, PlaybackService } from './playback-service.js';
import { QueueJournal } from './queue-journal.js';

export interface Playback {
  /** Always the current version (the replica swaps it). */
  catalog: Catalog;
  /** The catalog's versions, search index, replica and media cache. */
  library: RoomLibrary;
  service: PlaybackService;
  volume: VolumeControl;
  player: PlayerPort;
  /** The amplifier (room hardware switches its power: TPA2016 shutdown, or levels again after a relay). */
  amp: AmpPort;
  /** Saves the position, stops the player and closes the journal. */
  stop(): Promise<void>;
}

export interface StartPlaybackOptions {
  config: AgentConfig;
  dataDir: string;
  clock: Clock;
  logger: Logger;
  record: (event: RoomEventInput) => Promise<unknown>;
  newEntryId: () => string;
  onChange: (kind: ChangeKind) => void;
  /** Position pushes to the screens at most this often (ms). */
  pushIntervalMs?: number;
}

/** Catalog, queue journal, player, volume and the playback service, started (the song resumes). */
export async function startPlayback(o: StartPlaybackOptions): Promise<Playback> {
  const logger = o.logger.child({ component: 'playback' });
  // A local catalog file, or the replica of the gateway's (songs then play from the media cache).
  const library = await openRoomLibrary({ config: o.config, dataDir: o.dataDir, clock: o.clock, logger });
  const catalog = library.catalog;
  const queueOptions = DEFAULT_QUEUE_OPTIONS;
  const journal = await QueueJournal.open({ dir: join(o.dataDir, 'queue'), logger, queueOptions });
  let player: PlayerPort;
  try {
    player = library.wrapPlayer(
      await createPlayer({ config: o.config.player, catalog, dataDir: o.dataDir, clock: o.clock, logger }),
    );
  } catch (e) {
    await journal.close();
    await library.stop();
    throw e;
  }
  const service = new PlaybackService({
    player,
    catalog,
    journal,
    queueOptions,
    record: o.record,
    clock: o.clock,
    logger,
    lyricsCacheDir: join(o.dataDir, 'lyrics-cache'),
    beforeLoad: (song) => library.ensureLocal(song.media),
    defaultVocalMode: o.config.player.defaultVocalMode,
    backgroundVolumePct: o.config.player.backgroundVolume,
    positionSaveMs: o.config.player.positionSaveMs,
    pushIntervalMs: o.pushIntervalMs ?? 250,
    newEntryId: o.newEntryId,
  });
  // Music level: with the `mpv` amp driver it is mpv's level for songs (公播 plays at
  // backgroundVolume % of it, so it goes through the service); with a real amplifier mpv stays
  // at full level and the amplifier attenuates.
  const amp = await createAmpPort(o.config.amp, {
    player: { setVolume: (level) => service.setBaseVolume(level) },
    logger: logger.child({ component: 'amp' }),
  });
  // A combined port is named `${music}+${mic}-mic`: the music driver is the part before '+'.
  if (amp.name.split('+')[0] !== 'mpv') await service.setBaseVolume(100);
  const volumeLog = logger.child({ component: 'volume' });
  // The guests' levels from before a restart, else the configured ones (musicMax caps either).
  const levels = savedLevels(o.dataDir, (message) => volumeLog.warn(message));
  const restored = await levels.load();
  if (restored) volumeLog.info(restored, 'volume restored from before the restart');
  const controller = createVolumeControl({
    amp,
    musicMax: o.config.amp.musicMax,
    initial: restored ?? { music: o.config.amp.initialMusic, mic: o.config.amp.initialMic },
    logger: volumeLog,
  });
  controller.subscribe((state) => {
    o.onChange('state');
    levels.save(state).catch((e: unknown) => volumeLog.error({ err: e }, 'volume levels could not be saved'));
  });
  const volume: VolumeControl = { state: () => controller.state(), set: (patch) => controller.set(patch) };
  service.onChange(o.onChange);
  // 已点 is fetched ahead in queue order and pinned in the media cache.
  const followQueue = () => {
    const v = service.view();
    library.followQueue(
      v.current?.songId ?? null,
      v.upcoming.map((e) => e.songId),
    );
  };
  service.onChange((kind) => kind === 'state' && followQueue());
  library.onChange(() => o.onChange('state'));
  await controller.ready();
  await service.start();
  followQueue();
  return {
    catalog,
    library,
    service,
    volume,
    player,
    amp,
    async stop() {
      await service.stop();
      await controller.close();
      await levels.settled();
      await player.close();
      await journal.close();
      await library.stop();
    },
  };
}
