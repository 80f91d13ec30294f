/**
 * The amplifier port: music level, microphone level and mute of the room's speakers.
 * Levels are 0..100 (integers); each driver maps them to its device (chip code, gain, mixer %).
 * A driver remembers a level set while muted and applies it on unmute. Every driver and the
 * simulated twin pass `ampContract`.
 */
export interface AmpPort {
  /** Driver name for logs and diagnostics: `max9744`, `tpa2016`, `alsa`, `mpv`, ... */
  readonly name: string;
  /** Whether `setMicLevel` does anything on this driver (false: it rejects KTV_E_AMP_UNSUPPORTED). */
  readonly hasMic: boolean;
  setMusicLevel(level: number): Promise<void>;
  setMicLevel(level: number): Promise<void>;
  setMuted(muted: boolean): Promise<void>;
  /** Does the device answer? Never rejects: a missing device is `{ ok: false, message }`. */
  probe(): Promise<ProbeResult>;
  close(): Promise<void>;
}

export interface ProbeResult {
  ok: boolean;
  /** One line for a technician: what answered, or what is wrong and where. */
  message: string;
}

export const AmpErrorCodes = {
  /** The device did not answer or refused a write (I2C NACK, amixer failed, player gone). */
  IO: 'KTV_E_AMP_IO',
  /** A level outside 0..100 or not an integer. */
  RANGE: 'KTV_E_AMP_RANGE',
  /** The driver has no such control (e.g. a microphone level on an amp without one). */
  UNSUPPORTED: 'KTV_E_AMP_UNSUPPORTED',
  /** The amp config cannot work (e.g. the mpv driver without a player). */
  CONFIG: 'KTV_E_AMP_CONFIG',
  /** The port was closed. */
  CLOSED: 'KTV_E_AMP_CLOSED',
} as const;
export type AmpErrorCode = (typeof AmpErrorCodes)[keyof typeof AmpErrorCodes];

export class AmpError extends Error {
  constructor(
    readonly code: AmpErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AmpError';
  }
}

/** Refuses anything but an integer 0..100 (drivers never clamp: the controller does). */
export function checkLevel(level: number, what: string): number {
  if (!Number.isInteger(level) || level < 0 || level > 100) {
    throw new AmpError(AmpErrorCodes.RANGE, `${what} level must be an integer 0..100, got ${String(level)}`);
  }
  return level;
}

export const isAmpError = (e: unknown, code?: AmpErrorCode): e is AmpError =>
  e instanceof AmpError && (code === undefined || e.code === code);
