import type { Logger } from 'pino';
import type { PlaybackService } from '../playback/playback-service.js';
import type { VolumeControl } from '../web/volume-control.js';

export interface NextGuestsDeps {
  service: Pick<PlaybackService, 'clearForNextGuests'>;
  volume: Pick<VolumeControl, 'set'>;
  /** The store's levels for a room that opens (`amp.initialMusic`, `amp.initialMic`). */
  levels: { initialMusic: number; initialMic: number };
  logger: Pick<Logger, 'info' | 'error'>;
}

/**
 * Makes the room ready for the next guests once the last ones have left (checkout, or another
 * session straight after): 已点 cleared and the song playing ended (公播 plays), the music and
 * microphone back to the store's levels, mute off. A step that fails is logged; the others still run.
 */
export async function resetForNextGuests(deps: NextGuestsDeps): Promise<void> {
  const { service, volume, levels, logger } = deps;
  const steps: [string, () => Promise<unknown>][] = [
    ['queue', () => service.clearForNextGuests()],
    ['volume', () => volume.set({ music: levels.initialMusic, mic: levels.initialMic, muted: false })],
  ];
  const failed: string[] = [];
  for (const [name, run] of steps) {
    try {
      await run();
    } catch (e) {
      failed.push(name);
      logger.error({ err: e, step: name }, 'the room could not be reset for the next guests');
    }
  }
  logger.info({ failed }, 'room ready for the next guests');
}
