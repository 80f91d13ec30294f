import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { cloudKeygen, cloudSign } from '../cloud/downlink/cli.js';
import { readStoredEvents, selectEvents } from '../cloud/receiver/cloud-store.js';
import { CloudReceiver } from '../cloud/receiver/receiver.js';
import { createLogger } from '../logger.js';
import { UsageError } from './usage.js';

export interface CloudIo {
  stdout(line: string): void;
  stderr(line: string): void;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM). */
  untilSignal(): Promise<string>;
}

export type CloudSubcommand = (args: readonly string[], io: CloudIo) => Promise<number>;

/** `ktv-gateway cloud SUB ...`: receive and events here; other helpers add theirs (keygen, sign). */
export const cloudSubcommands: Record<string, CloudSubcommand> = {
  receive: cloudReceive,
  events: cloudEvents,
  keygen: cloudKeygen,
  sign: cloudSign,
};

export async function cloudCommand(argv: readonly string[], io: CloudIo): Promise<number> {
  const [sub, ...rest] = argv;
  const run = sub === undefined ? undefined : cloudSubcommands[sub];
  if (!run) {
    throw new UsageError(`unknown cloud command "${sub ?? ''}" (${Object.keys(cloudSubcommands).join(', ')})`);
  }
  return run(rest, io);
}

function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: false, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

const RECEIVE_OPTIONS = {
  data: { type: 'string' },
  host: { type: 'string', default: '127.0.0.1' },
  'https-port': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  token: { type: 'string', multiple: true },
  mqtt: { type: 'string' },
  'mqtt-ca': { type: 'string' },
  'mqtt-servername': { type: 'string' },
  'mqtt-username': { type: 'string' },
  'mqtt-password': { type: 'string' },
  'client-id': { type: 'string', default: 'ktv-cloud-receiver' },
} as const;

function port(text: string | undefined, what: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`${what} must be a port number (0-65535)`);
  return n;
}

/**
 * `cloud receive --data DIR [--https-port P [--tls-cert F --tls-key F] [--token T]...]
 * [--mqtt URL [--mqtt-ca F] [--mqtt-servername N] [--mqtt-username U --mqtt-password P]]`:
 * runs until SIGINT/SIGTERM; prints one JSON line `{"ready":true,"httpsPort":...}` when listening
 * and the counts when it stops.
 */
async function cloudReceive(args: readonly string[], io: CloudIo): Promise<number> {
  const { values: v } = parse(args, RECEIVE_OPTIONS);
  if (!v.data) throw new UsageError('--data DIR is required');
  const httpsPort = port(v['https-port'], '--https-port');
  if (httpsPort === undefined && !v.mqtt) throw new UsageError('cloud receive needs --https-port and/or --mqtt');
  if ((v['tls-cert'] === undefined) !== (v['tls-key'] === undefined)) {
    throw new UsageError('--tls-cert and --tls-key go together');
  }
  const logger = createLogger();
  const receiver = await CloudReceiver.open({
    dataDir: v.data,
    logger,
    ...(httpsPort !== undefined
      ? {
          https: {
            host: v.host,
            port: httpsPort,
            ...(v['tls-cert'] ? { cert: await readFile(v['tls-cert']) } : {}),
            ...(v['tls-key'] ? { key: await readFile(v['tls-key']) } : {}),
            ...(v.token ? { tokens: v.token } : {}),
          },
        }
      : {}),
    ...(v.mqtt
      ? {
          mqtt: {
            url: v.mqtt,
            clientId: v['client-id'],
            ...(v['mqtt-ca'] ? { ca: await readFile(v['mqtt-ca']) } : {}),
            ...(v['mqtt-servername'] ? { servername: v['mqtt-servername'] } : {}),
            ...(v['mqtt-username'] ? { username: v['mqtt-username'] } : {}),
            ...(v['mqtt-password'] ? { password: v['mqtt-password'] } : {}),
          },
        }
      : {}),
  });
  await receiver.start();
  io.stdout(JSON.stringify({ ready: true, httpsPort: receiver.httpsPort ?? null, ...receiver.counts() }));
  const signal = await io.untilSignal();
  logger.info({ signal }, 'cloud receiver stopping');
  const counts = receiver.counts();
  await receiver.stop();
  io.stdout(JSON.stringify({ stopped: true, ...counts }));
  return 0;
}

const EVENTS_OPTIONS = {
  data: { type: 'string' },
  store: { type: 'string' },
  room: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

/**
 * `cloud events --data DIR --store S [--room R] [--json]`: the events of store S (room R: its room
 * events by seq; no room: every event by jseq). --json: one event a line.
 */
async function cloudEvents(args: readonly string[], io: CloudIo): Promise<number> {
  const { values: v } = parse(args, EVENTS_OPTIONS);
  if (!v.data) throw new UsageError('--data DIR is required');
  if (!v.store) throw new UsageError('--store S is required');
  const all = await readStoredEvents(join(v.data, 'journal'));
  const picked = selectEvents(all, v.store, v.room);
  for (const e of picked) {
    if (v.json) io.stdout(JSON.stringify(e));
    else {
      const when = new Date(e.at).toISOString();
      io.stdout(`${e.room ?? '-'}\t${e.seq ?? '-'}\t${e.jseq}\t${when}\t${e.type}\t${e.id}`);
    }
  }
  if (!v.json) io.stderr(`${picked.length} 条事件 events`);
  return 0;
}
