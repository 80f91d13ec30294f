/** Stable error codes of the GPIO driver (libgpiod tools). */
export const GpioErrorCodes = {
  /** The libgpiod tools are not installed (Debian package `gpiod`) or do not answer `--version`. */
  TOOLS: 'KTV_E_GPIO_TOOLS',
  /** No GPIO chip with the configured label. */
  CHIP: 'KTV_E_GPIO_CHIP',
  /** A configured line name is on no chip (the message names the line and its role). */
  LINE_MISSING: 'KTV_E_GPIO_LINE_MISSING',
  /** A configured line is held by another program (the message names the holder). */
  LINE_BUSY: 'KTV_E_GPIO_LINE_BUSY',
  /** A tool ended while it should have held its line (restarted with backoff). */
  TOOL_DIED: 'KTV_E_GPIO_TOOL_DIED',
  /** A tool printed a line the driver cannot read. */
  PARSE: 'KTV_E_GPIO_PARSE',
} as const;
export type GpioErrorCode = (typeof GpioErrorCodes)[keyof typeof GpioErrorCodes];

export class GpioError extends Error {
  constructor(
    readonly code: GpioErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GpioError';
  }
}

export const isGpioError = (e: unknown, code?: GpioErrorCode): e is GpioError =>
  e instanceof GpioError && (code === undefined || e.code === code);
