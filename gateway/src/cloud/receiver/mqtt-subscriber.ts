import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import mqttPacket, { type IPublishPacket, type Packet } from 'mqtt-packet';
import type { Logger } from '../../logger.js';
import type { CloudEvent } from '../cloud-event.js';
import { decodeCloudEvent } from './cloud-store.js';

export interface SubscriberOptions {
  url: string;
  clientId: string;
  /** Topic filter; default every store's events: ktv/v1/+/cloud/up/#. */
  filter?: string;
  username?: string;
  password?: string;
  ca?: Buffer;
  servername?: string;
  keepaliveSec?: number;
  reconnectMs?: number;
  logger: Logger;
  /** Stores a batch durably; PUBACKs are sent only after it resolves. */
  store(events: CloudEvent[]): Promise<unknown>;
  onInvalid(count: number): void;
  onConnected?(up: boolean): void;
}

export const UP_FILTER = 'ktv/v1/+/cloud/up/#';

/**
 * The receiver's MQTT side: a small MQTT 3.1.1 client (mqtt-packet for the wire format) with a
 * persistent session (clean=false, so the broker keeps QoS 1 messages while the receiver is
 * down) that acknowledges a PUBLISH only after its event is on disk. Unlike MQTT.js, which
 * handles one incoming PUBLISH at a time, it takes every PUBLISH that arrived meanwhile as one
 * batch (one fdatasync), then sends their PUBACKs.
 */
export class MqttSubscriber {
  private socket: Socket | undefined;
  private stopped = false;
  private up = false;
  private queue: IPublishPacket[] = [];
  private busy = false;
  private ping: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;
  private readonly url: URL;

  constructor(private readonly o: SubscriberOptions) {
    this.url = new URL(o.url);
  }

  connected(): boolean {
    return this.up;
  }

  start(): void {
    this.connect();
  }

  private connect(): void {
    if (this.stopped) return;
    const secure = this.url.protocol === 'mqtts:';
    const port = Number(this.url.port || (secure ? 8883 : 1883));
    const host = this.url.hostname;
    const socket = secure
      ? tlsConnect({
          host,
          port,
          rejectUnauthorized: true,
          ...(this.o.ca ? { ca: this.o.ca } : {}),
          servername: this.o.servername ?? host,
        })
      : netConnect({ host, port });
    this.socket = socket;
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    parser.on('packet', (p: Packet) => this.onPacket(socket, p));
    parser.on('error', (err: Error) => {
      this.o.logger.warn({ err }, 'cloud receiver: bad MQTT packet');
      socket.destroy();
    });
    socket.on(secure ? 'secureConnect' : 'connect', () => {
      this.write(socket, {
        cmd: 'connect',
        protocolId: 'MQTT',
        protocolVersion: 4,
        clientId: this.o.clientId,
        clean: false,
        keepalive: this.o.keepaliveSec ?? 30,
        ...(this.o.username !== undefined ? { username: this.o.username } : {}),
        ...(this.o.password !== undefined ? { password: Buffer.from(this.o.password, 'utf8') } : {}),
      });
    });
    socket.on('data', (buf: Buffer) => parser.parse(buf));
    socket.on('error', (err) => this.o.logger.warn({ err: err.message }, 'cloud receiver: broker connection error'));
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      if (this.ping) clearInterval(this.ping);
      if (this.up) this.o.onConnected?.(false);
      this.up = false;
      this.queue = [];
      if (!this.stopped) this.retry = setTimeout(() => this.connect(), this.o.reconnectMs ?? 1000);
    });
  }

  private write(socket: Socket, packet: Packet): void {
    if (!socket.destroyed) socket.write(mqttPacket.generate(packet, { protocolVersion: 4 }));
  }

  private onPacket(socket: Socket, p: Packet): void {
    if (p.cmd === 'connack') {
      if (p.returnCode !== 0) {
        this.o.logger.error({ returnCode: p.returnCode }, 'cloud receiver: the broker refused the connection');
        socket.destroy();
        return;
      }
      this.write(socket, {
        cmd: 'subscribe',
        messageId: 1,
        subscriptions: [{ topic: this.o.filter ?? UP_FILTER, qos: 1 }],
      });
      const keepalive = (this.o.keepaliveSec ?? 30) * 1000;
      this.ping = setInterval(() => this.write(socket, { cmd: 'pingreq' }), keepalive / 2);
      this.ping.unref();
      return;
    }
    if (p.cmd === 'suback') {
      this.up = true;
      this.o.onConnected?.(true);
      return;
    }
    if (p.cmd === 'publish') {
      if (p.qos === 0) {
        void this.handle(socket, [p]);
        return;
      }
      this.queue.push(p);
      this.drain(socket);
    }
  }

  private drain(socket: Socket): void {
    if (this.busy || this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.busy = true;
    void this.handle(socket, batch).finally(() => {
      this.busy = false;
      if (this.socket) this.drain(this.socket);
    });
  }

  private async handle(socket: Socket, batch: IPublishPacket[]): Promise<void> {
    const events: CloudEvent[] = [];
    let invalid = 0;
    for (const p of batch) {
      let value: unknown;
      try {
        value = JSON.parse(p.payload.toString());
      } catch {
        value = undefined;
      }
      const e = decodeCloudEvent(value);
      if (e) events.push(e);
      else invalid += 1;
    }
    if (invalid > 0) {
      this.o.onInvalid(invalid);
      this.o.logger.warn({ invalid }, 'cloud receiver: messages that are not cloud events (acknowledged, dropped)');
    }
    try {
      await this.o.store(events);
    } catch (err) {
      this.o.logger.error({ err }, 'cloud receiver: store failed; dropping the connection so the broker resends');
      socket.destroy();
      return;
    }
    for (const p of batch) {
      if (p.qos === 1 && p.messageId !== undefined) this.write(socket, { cmd: 'puback', messageId: p.messageId });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.ping) clearInterval(this.ping);
    const socket = this.socket;
    this.socket = undefined;
    if (socket && !socket.destroyed) {
      this.write(socket, { cmd: 'disconnect' });
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.end();
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 1000).unref();
      });
    }
  }
}
