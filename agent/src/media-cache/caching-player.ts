import { basename } from 'node:path';
import type { Logger } from 'pino';
import { type LoadOptions, PlayerError, type PlayerPort } from '../player/player-port.js';
import { type MediaCache, songIdOfCacheName } from './media-cache.js';

/** A song that could not play because its media is neither cached nor reachable. */
export interface MediaSkip {
  songId: string;
  code: string;
  message: string;
  at: number;
}

/**
 * The player, with songs of the gateway's catalog played from the media cache: a file that is
 * not cached is fetched before it plays (whole: a part is never played); if the gateway cannot
 * give it, load fails with KTV_E_PLAYER_LOAD (playback ends the song with reason error) and
 * `onSkip` is told. Other files (公播, a local catalog) pass straight through.
 */
export function cachingPlayer(
  inner: PlayerPort,
  cache: MediaCache,
  deps: { logger: Logger; now: () => number; onSkip: (skip: MediaSkip) => void },
): PlayerPort {
  return {
    async load(file: string, options?: LoadOptions): Promise<void> {
      if (cache.owns(file)) {
        try {
          await cache.ensure(file);
        } catch (e) {
          const err = e as Error & { code?: string };
          const skip: MediaSkip = {
            songId: songIdOfCacheName(basename(file)) ?? basename(file),
            code: err.code ?? 'KTV_E_DOWNLOAD',
            message: err.message,
            at: deps.now(),
          };
          deps.logger.warn(skip, 'song not in the media cache and the gateway cannot give it');
          deps.onSkip(skip);
          throw new PlayerError('KTV_E_PLAYER_LOAD', `media of ${skip.songId} unavailable: ${err.message}`);
        }
        await cache.touch(file);
      }
      await inner.load(file, options);
    },
    pause: () => inner.pause(),
    resume: () => inner.resume(),
    seek: (ms) => inner.seek(ms),
    stop: () => inner.stop(),
    setVolume: (v) => inner.setVolume(v),
    setVocalMode: (m) => inner.setVocalMode(m),
    setOverlay: (id, overlay) => inner.setOverlay(id, overlay),
    overlay: (id) => inner.overlay(id),
    status: () => inner.status(),
    subscribe: (l) => inner.subscribe(l),
    close: () => inner.close(),
  };
}
