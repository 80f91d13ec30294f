import { Socket } from 'node:net';
import {
  type CatalogAnnouncement,
  decodeMessage,
  type RoomCommand,
  type RoomState,
  roomTopic,
  storeBroadcastFilter,
} from '@ktv/protocol';
import { connect, type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import type { AgentConfig } from '../config/types.js';
import type { Outbox } from '../outbox/outbox.js';
import type { Clock } from '../time/clock.js';
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
import { RecentIds } from './command-dedupe.js';

export interface GatewayLinkOptions {
  config: Pick<AgentConfig, 'storeId' | 'roomId' | 'gateway'>;
  outbox: Outbox;
  logger: Logger;
  clock: Clock;
  /** The room's current state, published retained on connect and on every change. */
  getState: () => RoomState;
  onCommand: (command: RoomCommand) => void;
  /** The retained `store/catalog` announcement (every connect delivers the newest again). */
  onCatalog?: (announcement: CatalogAnnouncement) => void;
  /** Events published but not yet acknowledged, at most. */
  window?: number;
  backoff?: BackoffOptions;
  connectTimeoutMs?: number;
}

/**
 * The MQTT link to the store gateway. The outbox is the only queue: events are published from it
 * in seq order, at most `window` unacknowledged at a time, and acked in the outbox on PUBACK.
 * Each connection attempt uses a fresh client (reconnectPeriod 0) so no hidden in-memory queue
 * survives a disconnect; on every connect delivery starts again at the oldest pending event.
 */
export class GatewayLink {
  private client: MqttClient | undefined;
  private isConnected = false;
  private stopping = false;
  private attempt = 0;
  private cancelReconnect: (() => void) | undefined;
  private lastSent = 0;
  private inFlight = new Set<number>();
  private statePublishQueued = false;
  private offOutbox: (() => void) | undefined;
  private listeners = new Set<(connected: boolean) => void>();
  private commandIds = new RecentIds();
  private invalid = 0;
  private readonly topics;

  constructor(private readonly opts: GatewayLinkOptions) {
    const { storeId, roomId } = opts.config;
    this.topics = {
      state: roomTopic(storeId, roomId, 'state'),
      online: roomTopic(storeId, roomId, 'online'),
      events: roomTopic(storeId, roomId, 'events'),
      cmd: roomTopic(storeId, roomId, 'cmd'),
      store: storeBroadcastFilter(storeId),
    };
  }

  get connected(): boolean {
    return this.isConnected;
  }

  /** Messages from the gateway that failed to decode. */
  get invalidMessages(): number {
    return this.invalid;
  }

  onConnectionChange(listener: (connected: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    this.stopping = false;
    this.offOutbox = this.opts.outbox.onChange(() => this.pump());
    this.connectNow();
  }

  /** Publishes the current state (coalesced: many changes in one tick publish once). */
  stateChanged(): void {
    if (this.statePublishQueued) return;
    this.statePublishQueued = true;
    setImmediate(() => {
      this.statePublishQueued = false;
      this.publishState();
    });
  }

  /** Says offline (retained false), disconnects cleanly and stops reconnecting. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.offOutbox?.();
    this.cancelReconnect?.();
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    if (this.isConnected) {
      try {
        await this.withTimeout(client.publishAsync(this.topics.online, 'false', { qos: 1, retain: true }));
        await this.withTimeout(client.endAsync());
      } catch (e) {
        this.opts.logger.warn({ err: (e as Error).message }, 'clean disconnect failed; the will says offline');
      }
    }
    await client.endAsync(true);
    if (this.isConnected) this.opts.logger.info({ roomId: this.opts.config.roomId }, 'gateway disconnected');
    this.setConnected(false);
  }

  /** A half-dead connection must not hold up a SIGTERM. */
  private withTimeout<T>(promise: Promise<T>, ms = 2000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const cancel = this.opts.clock.setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      promise.then(
        (v) => {
          cancel();
          resolve(v);
        },
        (e: unknown) => {
          cancel();
          reject(e);
        },
      );
    });
  }

  private connectNow(): void {
    const { gateway } = this.opts.config;
    const client = connect(gateway.mqttUrl, {
      clientId: gateway.username,
      username: gateway.username,
      password: gateway.password,
      keepalive: gateway.keepaliveS,
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: this.opts.connectTimeoutMs ?? 5000,
      queueQoSZero: false,
      resubscribe: false,
      will: { topic: this.topics.online, payload: Buffer.from('false'), qos: 1, retain: true },
    });
    this.client = client;
    client.on('connect', () => {
      sendAtOnce(client.stream);
      if (this.client === client) this.onConnect(client);
    });
    client.on('message', (topic, payload) => {
      if (this.client === client) this.onMessage(topic, payload);
    });
    client.on('error', (err) => {
      // While stopping, the gateway may be going away too: not worth a warning.
      const log = this.stopping ? this.opts.logger.debug : this.opts.logger.warn;
      log.call(this.opts.logger, { err: err.message, roomId: this.opts.config.roomId }, 'gateway connection error');
    });
    client.on('close', () => {
      if (this.client === client) this.onClose(client);
    });
  }

  private onConnect(client: MqttClient): void {
    this.attempt = 0;
    this.inFlight.clear();
    this.lastSent = 0;
    this.setConnected(true);
    this.opts.logger.info({ roomId: this.opts.config.roomId }, 'gateway connected');
    client.subscribe(
      [this.topics.cmd, this.topics.store],
      { qos: 1 },
      (err) => err && this.opts.logger.warn({ err: err.message }, 'subscribe failed'),
    );
    client.publish(this.topics.online, 'true', { qos: 1, retain: true });
    this.publishState();
    this.pump();
  }

  private onClose(client: MqttClient): void {
    this.client = undefined;
    client.removeAllListeners('connect');
    client.end(true);
    if (this.isConnected) this.opts.logger.info({ roomId: this.opts.config.roomId }, 'gateway disconnected');
    this.inFlight.clear();
    this.setConnected(false);
    if (this.stopping) return;
    const delay = backoffDelay(this.attempt++, this.opts.backoff ?? DEFAULT_BACKOFF);
    this.cancelReconnect = this.opts.clock.setTimeout(() => {
      this.cancelReconnect = undefined;
      if (!this.stopping) this.connectNow();
    }, delay);
  }

  private setConnected(connected: boolean): void {
    if (this.isConnected === connected) return;
    this.isConnected = connected;
    for (const l of this.listeners) l(connected);
  }

  private publishState(): void {
    const client = this.client;
    if (!client || !this.isConnected) return;
    client.publish(this.topics.state, JSON.stringify(this.opts.getState()), { qos: 1, retain: true });
  }

  /** Fills the window with the next pending events, in seq order. */
  private pump(): void {
    const client = this.client;
    if (!client || !this.isConnected) return;
    const window = this.opts.window ?? 16;
    while (this.inFlight.size < window) {
      const event = this.opts.outbox.nextAfter(this.lastSent);
      if (!event) return;
      const seq = event.seq;
      this.lastSent = seq;
      this.inFlight.add(seq);
      client.publish(this.topics.events, JSON.stringify(event), { qos: 1 }, (err) => {
        if (this.client !== client || !this.inFlight.delete(seq)) return;
        if (err) {
          // Stays pending; sent again from the oldest on the next connect.
          this.opts.logger.warn({ err: err.message, seq }, 'event publish failed');
          return;
        }
        this.opts.outbox.ack(seq).catch((e: unknown) => this.opts.logger.error({ err: e, seq }, 'outbox ack failed'));
        this.pump();
      });
    }
  }

  private onMessage(topic: string, payload: Buffer): void {
    const decoded = decodeMessage(topic, payload);
    if (!decoded.ok) {
      this.invalid += 1;
      this.opts.logger.warn(
        { topic, code: decoded.code, reason: decoded.reason, invalidMessages: this.invalid },
        'invalid message from gateway',
      );
      return;
    }
    const message = decoded.value;
    if (message.topic.channel === 'cmd') {
      // decodeMessage validated the payload against the cmd schemas (TS cannot narrow on the nested tag).
      const command = message.value as RoomCommand;
      if (!this.commandIds.add(command.id)) return;
      try {
        this.opts.onCommand(command);
      } catch (e) {
        this.opts.logger.error({ err: e, type: command.type }, 'command handler failed');
      }
    } else if (message.topic.channel === 'catalog') {
      try {
        this.opts.onCatalog?.(message.value as CatalogAnnouncement);
      } catch (e) {
        this.opts.logger.error({ err: e }, 'catalog announcement handler failed');
      }
    } else if (message.topic.channel === 'gateway') {
      this.opts.logger.debug({ status: message.value }, 'gateway status');
    }
  }
}

/**
 * Turns Nagle's algorithm off on the link's TCP (or TLS) socket. A room sends small packets in
 * pairs (its state, then the event a moment later); with Nagle the second waits until the gateway
 * acknowledges the first, and Linux delays that ACK by ~40 ms: measured in `npm run bench -- gpio`,
 * door edge to admin page p99 47 ms with Nagle, 5 ms without.
 */
function sendAtOnce(stream: unknown): void {
  if (stream instanceof Socket) stream.setNoDelay(true);
}
