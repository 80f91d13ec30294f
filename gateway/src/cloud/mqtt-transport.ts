import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { Logger } from '../logger.js';
import { backoffDelay } from './backoff.js';
import type { CloudClock } from './clock.js';
import { type CloudTransport, type OutBatch, SendError, type TransportHooks } from './transport.js';

export interface MqttTransportOptions {
  url: string;
  storeId: string;
  clientId: string;
  username?: string;
  password?: string;
  /** PEM of the cloud's CA: the only CA trusted (pinned); rejectUnauthorized is always on. */
  ca?: Buffer;
  servername?: string;
  cert?: Buffer;
  key?: Buffer;
  inflight: number;
  keepaliveSec: number;
  retryMinMs: number;
  retryMaxMs: number;
  clock: CloudClock;
  random?: () => number;
  logger: Logger;
}

export const upTopic = (store: string): string => `ktv/v1/${store}/cloud/up/events`;
export const downFilter = (store: string): string => `ktv/v1/${store}/cloud/down/#`;

interface Pending {
  reject(e: SendError): void;
}

/**
 * The MQTT bridge to the chain's broker (any MQTT 3.1.1 broker): one connection per store with
 * the store's credentials, TLS with the cloud's CA pinned, every event a QoS 1 PUBLISH on
 * ktv/v1/{store}/cloud/up/events, at most `inflight` PUBLISHes without PUBACK. It subscribes to
 * ktv/v1/{store}/cloud/down/# for pushes from head office. When the connection drops, every
 * unacknowledged send fails at once and a fresh client connects after a backoff with jitter (the
 * old client's in-memory queue is dropped, so nothing is sent twice by the library behind the
 * forwarder's back).
 */
export class MqttTransport implements CloudTransport {
  readonly kind = 'mqtt';
  private client: MqttClient | undefined;
  private up = false;
  private stopped = false;
  private attempt = 0;
  private unacked = 0;
  private generation = 0;
  private readonly pending = new Set<Pending>();
  private cancelRetry: (() => void) | undefined;
  private hooks: TransportHooks = { onConnected: () => undefined };

  constructor(private readonly o: MqttTransportOptions) {}

  start(hooks: TransportHooks): void {
    this.hooks = hooks;
    this.connect();
  }

  connected(): boolean {
    return this.up;
  }

  room(): number {
    return this.up ? Math.max(0, this.o.inflight - this.unacked) : 0;
  }

  private connect(): void {
    if (this.stopped) return;
    const generation = ++this.generation;
    const opts: IClientOptions = {
      clientId: this.o.clientId,
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: 15_000,
      keepalive: this.o.keepaliveSec,
      protocolVersion: 4,
      rejectUnauthorized: true,
      ...(this.o.username !== undefined ? { username: this.o.username } : {}),
      ...(this.o.password !== undefined ? { password: this.o.password } : {}),
      ...(this.o.ca ? { ca: this.o.ca } : {}),
      ...(this.o.servername ? { servername: this.o.servername } : {}),
      ...(this.o.cert ? { cert: this.o.cert } : {}),
      ...(this.o.key ? { key: this.o.key } : {}),
    };
    const client = mqtt.connect(this.o.url, opts);
    this.client = client;
    client.on('connect', () => {
      if (generation !== this.generation) return;
      this.attempt = 0;
      client.subscribe(downFilter(this.o.storeId), { qos: 1 }, (err) => {
        if (err) this.o.logger.warn({ err }, 'cloud down subscription failed');
      });
      this.up = true;
      this.o.logger.info({ url: this.o.url }, 'cloud link up (mqtt)');
      this.hooks.onConnected(true);
    });
    client.on('message', (topic, payload) => {
      const prefix = `ktv/v1/${this.o.storeId}/cloud/down/`;
      if (topic.startsWith(prefix)) this.hooks.onDown?.(topic.slice(prefix.length), payload);
    });
    const lost = (why: string) => {
      if (generation !== this.generation) return;
      this.generation += 1;
      const wasUp = this.up;
      this.up = false;
      this.unacked = 0;
      client.removeAllListeners();
      client.on('error', () => undefined);
      client.end(true);
      for (const p of this.pending) p.reject(new SendError({ kind: 'disconnected', detail: why }));
      this.pending.clear();
      if (wasUp) {
        this.o.logger.warn({ url: this.o.url, why }, 'cloud link down (mqtt)');
        this.hooks.onConnected(false);
      }
      if (this.stopped) return;
      const delay = backoffDelay(
        { minMs: this.o.retryMinMs, maxMs: this.o.retryMaxMs },
        this.attempt++,
        this.o.random ?? Math.random,
      );
      this.cancelRetry = this.o.clock.setTimeout(() => {
        this.cancelRetry = undefined;
        this.connect();
      }, delay);
    };
    client.on('error', (err) => lost(err.message));
    client.on('close', () => lost('connection closed'));
    client.on('offline', () => lost('offline'));
  }

  send(batch: OutBatch, onAck: (jseq: number) => void): Promise<void> {
    const client = this.client;
    if (!client || !this.up) {
      return Promise.reject(new SendError({ kind: 'disconnected', detail: 'not connected' }));
    }
    const generation = this.generation;
    const topic = upTopic(this.o.storeId);
    return new Promise<void>((resolve, reject) => {
      let left = batch.events.length;
      const entry: Pending = { reject };
      this.pending.add(entry);
      if (left === 0) {
        this.pending.delete(entry);
        resolve();
        return;
      }
      for (const event of batch.events) {
        this.unacked += 1;
        client.publish(topic, JSON.stringify(event), { qos: 1 }, (err) => {
          if (generation !== this.generation) return;
          this.unacked -= 1;
          if (err) {
            this.pending.delete(entry);
            reject(new SendError({ kind: 'disconnected', detail: err.message }));
            return;
          }
          onAck(event.jseq);
          left -= 1;
          if (left === 0) {
            this.pending.delete(entry);
            resolve();
          }
        });
      }
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelRetry?.();
    const client = this.client;
    this.generation += 1;
    this.up = false;
    for (const p of this.pending) p.reject(new SendError({ kind: 'disconnected', detail: 'stopped' }));
    this.pending.clear();
    if (client) {
      client.removeAllListeners();
      client.on('error', () => undefined);
      await new Promise<void>((resolve) => client.end(true, {}, () => resolve()));
    }
  }
}
