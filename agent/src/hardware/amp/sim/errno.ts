import { constants } from 'node:os';

/** errno-style errors shaped like the ones i2c-bus 5.2.3 gives. */
export type I2cErrno = 'EREMOTEIO' | 'ENXIO' | 'EIO';

const TEXT: Record<I2cErrno, string> = {
  EREMOTEIO: 'Remote I/O error',
  ENXIO: 'No such device or address',
  EIO: 'Input/output error',
};

export interface I2cErrnoError extends Error {
  code: I2cErrno;
  errno: number;
  syscall: string;
  /** Why the simulated chip refused (not on real errors). */
  simReason?: string;
}

const errnoOf = (code: I2cErrno): number => (constants.errno as Record<string, number | undefined>)[code] ?? 121;

/**
 * SMBus calls (writeByte, readByte, writeQuick) fail in the addon with Nan::ErrnoException:
 * message `EREMOTEIO, Remote I/O error`, positive errno, syscall = the call's name.
 * i2cWrite goes through fs.write: message `EREMOTEIO: remote I/O error, write`, negative errno.
 */
export function i2cError(code: I2cErrno, syscall: string, simReason: string): I2cErrnoError {
  const fsStyle = syscall === 'write';
  const base = fsStyle ? `${code}: ${TEXT[code].toLowerCase()}, write` : `${code}, ${TEXT[code]}`;
  const e = new Error(`${base} [sim: ${simReason}]`) as I2cErrnoError;
  e.code = code;
  e.errno = fsStyle ? -errnoOf(code) : errnoOf(code);
  e.syscall = syscall;
  e.simReason = simReason;
  return e;
}
