/**
 * The TV port: the room's TV power and input, over HDMI-CEC (the room box is a CEC playback
 * device on the TV's HDMI input). Every driver and the sim twin pass `tvContract`.
 */
export type TvPowerStatus = 'on' | 'standby' | 'toOn' | 'toStandby' | 'unknown';

export interface TvPort {
  /** Driver name for logs: `cec`, `sim`. */
  readonly name: string;
  /** Opens the CEC adapter and claims a logical address (playback device). */
  start(): Promise<void>;
  /** On: Image View On to the TV. Off: Standby to the TV. Resolves once the TV acknowledged. */
  setPower(on: boolean): Promise<void>;
  /** Makes the room box the active source, so the TV switches to its HDMI input. */
  selectInput(): Promise<void>;
  /** Asks the TV for its power status. Never rejects: a TV that does not answer is `unknown`. */
  powerStatus(): Promise<TvPowerStatus>;
  stop(): Promise<void>;
}

export const TvErrorCodes = {
  /** The CEC adapter is missing or refused (no /dev/cecN, cec-ctl not installed). */
  IO: 'KTV_E_TV_IO',
  /** The TV did not acknowledge the message (unplugged, CEC off in its menu). */
  NO_ACK: 'KTV_E_TV_NO_ACK',
  /** The port is not started or was stopped. */
  NOT_RUNNING: 'KTV_E_TV_NOT_RUNNING',
} as const;
export type TvErrorCode = (typeof TvErrorCodes)[keyof typeof TvErrorCodes];

export class TvError extends Error {
  constructor(
    readonly code: TvErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TvError';
  }
}

export const isTvError = (e: unknown, code?: TvErrorCode): e is TvError =>
  e instanceof TvError && (code === undefined || e.code === code);
