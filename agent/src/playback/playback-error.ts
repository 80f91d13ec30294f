import type { QueueErrorCode } from '../queue/types.js';

export type PlaybackErrorCode = QueueErrorCode | 'KTV_E_SONG_UNKNOWN';

/** HTTP status of each refusal (docs/interfaces.md: 400 bad request, 404 unknown, 409 wrong state). */
export const PLAYBACK_ERROR_STATUS: Readonly<Record<PlaybackErrorCode, 400 | 404 | 409>> = {
  KTV_E_QUEUE_OP: 400,
  KTV_E_QUEUE_INDEX: 400,
  KTV_E_QUEUE_ENTRY_UNKNOWN: 404,
  KTV_E_SONG_UNKNOWN: 404,
  KTV_E_QUEUE_ENTRY_PLAYING: 409,
  KTV_E_QUEUE_ENTRY_DUPLICATE: 409,
  KTV_E_QUEUE_FULL: 409,
  KTV_E_QUEUE_NOTHING_PLAYING: 409,
  KTV_E_QUEUE_NOT_CURRENT: 409,
};

/** A refused playback request, with a stable code. */
export class PlaybackError extends Error {
  constructor(
    readonly code: PlaybackErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PlaybackError';
  }

  get status(): 400 | 404 | 409 {
    return PLAYBACK_ERROR_STATUS[this.code];
  }
}
