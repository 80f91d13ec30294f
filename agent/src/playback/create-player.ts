import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Catalog } from '../catalog/types.js';
import type { PlayerConfig } from '../config/types.js';
import { MpvPlayer } from '../player/mpv-player.js';
import type { PlayerPort } from '../player/player-port.js';
import { SimPlayer } from '../player/sim-player.js';
import type { Clock } from '../time/clock.js';
import { killStaleMpv } from './stale-mpv.js';

/** The player the config names: a supervised real mpv, or the simulated twin timed by the catalog. */
export async function createPlayer(options: {
  config: PlayerConfig;
  catalog: Catalog;
  dataDir: string;
  clock: Clock;
  logger: Logger;
}): Promise<PlayerPort> {
  const { config, catalog } = options;
  if (config.driver === 'sim') {
    // The catalog may be swapped for a newer version (the gateway's replica): re-read it then.
    let durations = new Map<string, number>();
    let seen: readonly unknown[] | null = null;
    const durationsNow = (): Map<string, number> => {
      if (seen === catalog.songs) return durations;
      seen = catalog.songs;
      durations = new Map();
      for (const s of catalog.songs) durations.set(s.media, s.durationMs);
      for (const b of catalog.backgroundPlaylist) durations.set(b.media, b.durationMs);
      return durations;
    };
    return new SimPlayer({
      clock: options.clock,
      // A length of 0 (unknown) cannot be simulated: it would end at once, over and over.
      durationOf: (file) => {
        const ms = durationsNow().get(file);
        return ms !== undefined && ms > 0 ? ms : null;
      },
      vocalMode: config.defaultVocalMode,
    });
  }
  const killed = await killStaleMpv(join(options.dataDir, 'mpv', 'ipc.sock'));
  if (killed.length > 0) options.logger.warn({ pids: killed }, 'killed an mpv left by an earlier agent');
  const player = await MpvPlayer.start({
    dataDir: options.dataDir,
    mpvPath: config.mpvPath,
    extraArgs: config.extraArgs,
    vocalMode: config.defaultVocalMode,
  });
  player.supervisor.on('exited', (info) => options.logger.warn(info, 'mpv exited; restarting'));
  player.supervisor.on('restartFailed', (err) => options.logger.error({ err: err.message }, 'mpv restart failed'));
  return player;
}
