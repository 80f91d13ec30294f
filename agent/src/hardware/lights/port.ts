/**
 * The light port: the room's lights take a look (a scene) as levels of named channels, 0..255
 * (`main` dimmer, `red`, `green`, `blue`, `white`, `strobe`, ... as the room's config names them).
 * A look is complete: a channel the look does not name goes to 0. A channel this room does not
 * have is ignored and listed in the result (scenes are store-wide data; rooms differ). Every
 * driver and the sim twin pass `lightContract`.
 */
export type ChannelLevels = Readonly<Record<string, number>>;

export interface ShowResult {
  /** Channel names in the look that this room does not have. */
  ignored: string[];
}

export interface LightPort {
  /** Driver name for logs: `dmx`, `relays`, `sim`. */
  readonly name: string;
  /** The channel names this room's lights have, from the config's channel map. */
  readonly channels: readonly string[];
  /** Opens the device and shows the dark look (every channel 0). */
  start(): Promise<void>;
  /** Shows a look; resolves once it was handed to the device. */
  show(levels: ChannelLevels): Promise<ShowResult>;
  /** The look shown now, every channel named (0 when the look left it out). */
  levels(): ChannelLevels;
  /**
   * Closes the device. The lights keep the last look (a DMX widget repeats its last frame, a relay
   * board holds nothing: see the driver); switching lights off is the power rules' job.
   */
  stop(): Promise<void>;
}

export const LightErrorCodes = {
  /** A level outside 0..255 or not an integer. */
  RANGE: 'KTV_E_LIGHT_RANGE',
  /** The device could not be opened or written (serial adapter unplugged, ...). */
  IO: 'KTV_E_LIGHT_IO',
  /** The light config cannot work (slot outside the frame, unknown output, ...). */
  CONFIG: 'KTV_E_LIGHT_CONFIG',
  /** The port is not started or was stopped. */
  NOT_RUNNING: 'KTV_E_LIGHT_NOT_RUNNING',
} as const;
export type LightErrorCode = (typeof LightErrorCodes)[keyof typeof LightErrorCodes];

export class LightError extends Error {
  constructor(
    readonly code: LightErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LightError';
  }
}

export const isLightError = (e: unknown, code?: LightErrorCode): e is LightError =>
  e instanceof LightError && (code === undefined || e.code === code);

/** Checks a look's levels (integers 0..255); throws KTV_E_LIGHT_RANGE naming the channel. */
export function checkLevels(levels: ChannelLevels): void {
  for (const [channel, level] of Object.entries(levels)) {
    if (!Number.isInteger(level) || level < 0 || level > 255) {
      throw new LightError(LightErrorCodes.RANGE, `light channel "${channel}" must be an integer 0..255, got ${level}`);
    }
  }
}
