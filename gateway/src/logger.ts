import { type Logger, pino } from 'pino';

export type { Logger };

/** JSON lines to stdout (journald); no transports, which need worker threads. */
export function createLogger(level = process.env.KTV_LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { name: 'ktv-gateway' } });
}

/** A logger that writes nothing, for tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
