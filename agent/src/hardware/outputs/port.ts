/**
 * The output port: named on/off outputs of the room box, each a relay (or a transistor) on a
 * GPIO line: the TV's power, the amplifier's power, light circuits. Names come from the config
 * (`outputs.lines`); `tvPower` and `ampPower` are the names the power rules use, light relays have
 * any name (`lights.ceiling`). `true` = energised (the circuit is on), whatever the board's polarity
 * (an active-low relay board is the driver's business, from config). Every driver and the sim twin
 * pass `outputContract`.
 */
export interface OutputPort {
  /** Driver name for logs: `gpiod`, `sim`. */
  readonly name: string;
  /** The outputs this room box has, in config order. */
  readonly outputs: readonly string[];
  /** Claims the lines and drives every output to its initial level (config `initial`, default off). */
  start(): Promise<void>;
  /** Switches one output; resolves once the line holds the new level. Same level again is a no-op. */
  set(output: string, on: boolean): Promise<void>;
  /** The level each output holds now (what was last set). */
  levels(): Readonly<Record<string, boolean>>;
  /** Listens to every change (after it is applied); returns the unsubscribe function. */
  onChange(listener: (change: OutputChange) => void): () => void;
  /** Releases every line (the relays fall back to their unpowered state). */
  stop(): Promise<void>;
}

export interface OutputChange {
  output: string;
  on: boolean;
  at: number;
}

/** The output names the session power rules use. */
export const OUTPUT_TV_POWER = 'tvPower';
export const OUTPUT_AMP_POWER = 'ampPower';

export const OutputErrorCodes = {
  /** No output with that name in the config. */
  UNKNOWN: 'KTV_E_OUTPUT_UNKNOWN',
  /** The line could not be driven (tool died, line busy, ...). */
  IO: 'KTV_E_OUTPUT_IO',
  /** The port is not started or was stopped. */
  NOT_RUNNING: 'KTV_E_OUTPUT_NOT_RUNNING',
} as const;
export type OutputErrorCode = (typeof OutputErrorCodes)[keyof typeof OutputErrorCodes];

export class OutputError extends Error {
  constructor(
    readonly code: OutputErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OutputError';
  }
}

export const isOutputError = (e: unknown, code?: OutputErrorCode): e is OutputError =>
  e instanceof OutputError && (code === undefined || e.code === code);
