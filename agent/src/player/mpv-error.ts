export type MpvErrorCode =
  | 'KTV_E_MPV_TIMEOUT' // no reply within the request's time limit
  | 'KTV_E_MPV_COMMAND' // mpv answered with an error (e.g. "property unavailable")
  | 'KTV_E_MPV_CLOSED' // the IPC connection closed before the reply
  | 'KTV_E_MPV_CONNECT' // the IPC socket did not accept in time
  | 'KTV_E_MPV_DECODE' // a value of an unexpected shape
  | 'KTV_E_MPV_LOAD'; // a file could not be played

/** Every failure of the mpv side carries a stable code. */
export class MpvError extends Error {
  constructor(
    readonly code: MpvErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MpvError';
  }
}
