import { performance } from 'node:perf_hooks';
import { createIdFactory, roomTopic } from '@ktv/protocol';
import mqtt, { type MqttClient } from 'mqtt';
import { percentile, round } from './stats.js';

export interface LoadOptions {
  url: string;
  storeId: string;
  rooms: number;
  perRoomPerSec: number;
  durationMs: number;
  /** Credentials for room n (gateway) or none (bare broker). */
  credentials?: (room: string) => { username: string; password: string };
  /** Credentials that may subscribe to every room's events. */
  monitor?: { username: string; password: string };
  /**
   * Called once every room is connected, right before the first publish, and again after the
   * last message arrived: the broker's CPU is measured between the two, without the connects
   * (a gateway checks each room's password with scrypt, a bare Aedes checks nothing).
   */
  window?: { opened(): Promise<void>; closed(): Promise<void> };
}

export interface LoadResult {
  sent: number;
  received: number;
  acked: number;
  lost: number;
  deliveryP50Ms: number;
  deliveryP99Ms: number;
  ackP50Ms: number;
  ackP99Ms: number;
}

function connect(url: string, options: mqtt.IClientOptions): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(url, { reconnectPeriod: 0, connectTimeout: 20_000, ...options });
    client.once('connect', () => resolve(client));
    client.once('error', reject);
  });
}

export const roomIdOf = (n: number) => `r${String(n).padStart(3, '0')}`;

/**
 * N rooms, each its own MQTT.js client, publishing valid room events (QoS 1) at a fixed rate; a
 * subscriber on every room's events measures publish -> delivery latency, the publisher's
 * callback measures publish -> PUBACK.
 */
export async function runBrokerLoad(options: LoadOptions): Promise<LoadResult> {
  const subscriber = await connect(options.url, {
    clientId: options.monitor?.username ?? 'bench-monitor',
    ...(options.monitor ?? {}),
  });
  await subscriber.subscribeAsync(`ktv/v1/${options.storeId}/rooms/+/events`, { qos: 1 });

  const sentAt = new Map<string, number>();
  const delivery: number[] = [];
  const ack: number[] = [];
  let received = 0;
  subscriber.on('message', (_topic, payload) => {
    const id = (JSON.parse(payload.toString()) as { id: string }).id;
    const t = sentAt.get(id);
    if (t === undefined) return;
    sentAt.delete(id);
    received += 1;
    delivery.push(performance.now() - t);
  });

  const rooms: Array<{ id: string; client: MqttClient; seq: number }> = [];
  for (let n = 1; n <= options.rooms; n += 1) {
    const id = roomIdOf(n);
    const creds = options.credentials?.(id);
    const client = await connect(options.url, { clientId: creds?.username ?? `bench-${id}`, ...(creds ?? {}) });
    rooms.push({ id, client, seq: 0 });
  }

  await options.window?.opened();
  const nextId = createIdFactory();
  let sent = 0;
  let acked = 0;
  const intervalMs = 1000 / options.perRoomPerSec;
  const timers: NodeJS.Timeout[] = [];
  const end = performance.now() + options.durationMs;
  await new Promise<void>((resolve) => {
    let running = rooms.length;
    for (const [i, room] of rooms.entries()) {
      // Spread the rooms over one interval so the load is even, as real rooms are.
      const start = setTimeout(
        () => {
          const tick = setInterval(() => {
            if (performance.now() >= end) {
              clearInterval(tick);
              running -= 1;
              if (running === 0) resolve();
              return;
            }
            room.seq += 1;
            const id = nextId();
            const event = {
              id,
              type: 'sensor.changed',
              room: room.id,
              seq: room.seq,
              at: Date.now(),
              data: { sensor: 'motion', value: room.seq % 2 === 0 },
            };
            const t = performance.now();
            sentAt.set(id, t);
            sent += 1;
            room.client.publish(
              roomTopic(options.storeId, room.id, 'events'),
              JSON.stringify(event),
              { qos: 1 },
              (err) => {
                if (!err) {
                  acked += 1;
                  ack.push(performance.now() - t);
                }
              },
            );
          }, intervalMs);
          timers.push(tick);
        },
        (i * intervalMs) / rooms.length,
      );
      timers.push(start);
    }
  });

  // Let the last messages arrive: wait until nothing is outstanding or 5 s passed.
  const deadline = performance.now() + 5000;
  while ((received < sent || acked < sent) && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  await options.window?.closed();
  for (const t of timers) clearTimeout(t);
  await Promise.all(rooms.map((r) => r.client.endAsync()));
  await subscriber.endAsync();

  delivery.sort((a, b) => a - b);
  ack.sort((a, b) => a - b);
  return {
    sent,
    received,
    acked,
    lost: sent - received,
    deliveryP50Ms: round(percentile(delivery, 50), 3),
    deliveryP99Ms: round(percentile(delivery, 99), 3),
    ackP50Ms: round(percentile(ack, 50), 3),
    ackP99Ms: round(percentile(ack, 99), 3),
  };
}
