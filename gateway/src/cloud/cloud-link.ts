import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CloudConfig } from '../config/cloud-schema.js';
import type { Journal } from '../journal/index.js';
import type { Logger } from '../logger.js';
import { type CloudClock, systemCloudClock } from './clock.js';
import { Forwarder } from './forwarder.js';
import { HttpsTransport } from './https-transport.js';
import { type CloudLinkState, disabledLinkState } from './link-state.js';
import { MqttTransport } from './mqtt-transport.js';
import type { CloudTransport } from './transport.js';

export interface CloudLinkOptions {
  config: Readonly<CloudConfig>;
  storeId: string;
  journal: Journal;
  dataDir: string;
  logger: Logger;
  clock?: CloudClock;
  random?: () => number;
  /** Pushes from head office (MQTT ktv/v1/{store}/cloud/down/{kind}); the downlink module takes them. */
  onDown?(kind: string, payload: Buffer): void;
}

/** The cloud link as the gateway wires it: transport from the config, forwarder, state listeners. */
export interface CloudLink {
  start(): Promise<void>;
  stop(): Promise<void>;
  state(): CloudLinkState;
  onState(listener: (state: CloudLinkState) => void): () => void;
}

/** DATA/cloud/parked: batches the cloud refused for good (one NDJSON file each). */
export const PARK_DIR = join('cloud', 'parked');

async function secret(value: string | undefined, file: string | undefined): Promise<string | undefined> {
  if (value !== undefined) return value;
  if (file === undefined) return undefined;
  return (await readFile(file, 'utf8')).trim();
}

const optionalFile = async (file: string | undefined) => (file === undefined ? undefined : readFile(file));

export async function buildTransport(o: CloudLinkOptions, clock: CloudClock): Promise<CloudTransport> {
  const c = o.config;
  if (c.transport === 'https') {
    const token = await secret(c.https.token, c.https.tokenFile);
    const ca = await optionalFile(c.https.caFile);
    return new HttpsTransport({
      url: c.https.url,
      storeId: o.storeId,
      batchMax: c.https.batchMax,
      timeoutMs: c.https.timeoutMs,
      clock,
      logger: o.logger,
      ...(token !== undefined ? { token } : {}),
      ...(ca ? { ca } : {}),
      ...(c.https.servername ? { servername: c.https.servername } : {}),
    });
  }
  const password = await secret(c.mqtt.password, c.mqtt.passwordFile);
  const [ca, cert, key] = await Promise.all([
    optionalFile(c.mqtt.caFile),
    optionalFile(c.mqtt.certFile),
    optionalFile(c.mqtt.keyFile),
  ]);
  return new MqttTransport({
    url: c.mqtt.url,
    storeId: o.storeId,
    clientId: c.mqtt.clientId ?? `ktv-${o.storeId}-gateway`,
    inflight: c.mqtt.inflight,
    keepaliveSec: c.mqtt.keepaliveSec,
    retryMinMs: c.retryMinMs,
    retryMaxMs: c.retryMaxMs,
    clock,
    logger: o.logger,
    ...(o.random ? { random: o.random } : {}),
    ...(c.mqtt.username !== undefined ? { username: c.mqtt.username } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(ca ? { ca } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
    ...(c.mqtt.servername ? { servername: c.mqtt.servername } : {}),
  });
}

/** A disabled config gives a link that only reports `enabled: false`. */
export function createCloudLink(o: CloudLinkOptions): CloudLink {
  const listeners = new Set<(state: CloudLinkState) => void>();
  const clock = o.clock ?? systemCloudClock;
  let forwarder: Forwarder | undefined;
  const logger = o.logger.child({ component: 'cloud' });
  return {
    async start() {
      if (!o.config.enabled) return;
      const transport = await buildTransport({ ...o, logger }, clock);
      forwarder = new Forwarder({
        journal: o.journal,
        storeId: o.storeId,
        transport,
        logger,
        clock,
        readChunk: o.config.readChunk,
        retryMinMs: o.config.retryMinMs,
        retryMaxMs: o.config.retryMaxMs,
        parkDir: join(o.dataDir, PARK_DIR),
        ...(o.random ? { random: o.random } : {}),
        onState: (s) => {
          for (const l of listeners) l(s);
        },
        ...(o.onDown ? { onDown: o.onDown } : {}),
      });
      await forwarder.start();
    },
    async stop() {
      await forwarder?.stop();
    },
    state: () => forwarder?.state() ?? disabledLinkState(),
    onState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
