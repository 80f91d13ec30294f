import { performance } from 'node:perf_hooks';
import { createIdFactory, roomTopic } from '@ktv/protocol';
import mqtt, { type MqttClient } from 'mqtt';
import { percentile, round } from './stats.js';

export interface LoadOptions {
  url: string;
  storeId: string;
  rooms: number;
  perRoomPerSec: number;
  /** Credentials for room n (gateway) or none (bare broker). */
  credentials?: (room: string) => { username: string; password: string };
  /** Credentials that may subscribe to every room's events. */
  monitor?: { username: string; password: string };
}

/** What one measuring window saw: every latency, for pooling over several windows. */
export interface WindowSamples {
  sent: number;
  received: number;
  acked: number;
  delivery: number[];
  ack: number[];
}

export interface LoadResult {
  sent: number;
  received: number;
  acked: number;
  lost: number;
  deliveryP50Ms: number;
  deliveryP90Ms: number;
  deliveryP99Ms: number;
  deliveryP999Ms: number;
  ackP50Ms: number;
  ackP99Ms: number;
}

/** Latency figures of one or more windows taken together. */
export function summarise(windows: readonly WindowSamples[]): LoadResult {
  const delivery = windows.flatMap((w) => w.delivery).sort((a, b) => a - b);
  const ack = windows.flatMap((w) => w.ack).sort((a, b) => a - b);
  const sum = (k: 'sent' | 'received' | 'acked') => windows.reduce((n, w) => n + w[k], 0);
  return {
    sent: sum('sent'),
    received: sum('received'),
    acked: sum('acked'),
    lost: sum('sent') - sum('received'),
    deliveryP50Ms: round(percentile(delivery, 50), 3),
    deliveryP90Ms: round(percentile(delivery, 90), 3),
    deliveryP99Ms: round(percentile(delivery, 99), 3),
    deliveryP999Ms: round(percentile(delivery, 99.9), 3),
    ackP50Ms: round(percentile(ack, 50), 3),
    ackP99Ms: round(percentile(ack, 99), 3),
  };
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
 * N rooms, each its own MQTT.js client, connected once; then `window(ms)` makes them publish valid
 * room events (QoS 1) at a fixed rate for that long, as often as asked. A subscriber on every
 * room's events measures publish -> delivery latency, the publisher's callback publish -> PUBACK.
 */
export async function connectLoad(options: LoadOptions) {
  const subscriber = await connect(options.url, {
    clientId: options.monitor?.username ?? 'bench-monitor',
    ...(options.monitor ?? {}),
  });
  await subscriber.subscribeAsync(`ktv/v1/${options.storeId}/rooms/+/events`, { qos: 1 });

  const sentAt = new Map<string, number>();
  let current: WindowSamples = { sent: 0, received: 0, acked: 0, delivery: [], ack: [] };
  subscriber.on('message', (_topic, payload) => {
    const id = (JSON.parse(payload.toString()) as { id: string }).id;
    const t = sentAt.get(id);
    if (t === undefined) return;
    sentAt.delete(id);
    current.received += 1;
    current.delivery.push(performance.now() - t);
  });

  const rooms: Array<{ id: string; client: MqttClient; seq: number }> = [];
  for (let n = 1; n <= options.rooms; n += 1) {
    const id = roomIdOf(n);
    const creds = options.credentials?.(id);
    const client = await connect(options.url, { clientId: creds?.username ?? `bench-${id}`, ...(creds ?? {}) });
    rooms.push({ id, client, seq: 0 });
  }
  const nextId = createIdFactory();
  const intervalMs = 1000 / options.perRoomPerSec;

  /** Publishes for `durationMs`, then waits (up to 5 s) until everything sent arrived and was acknowledged. */
  async function window(durationMs: number): Promise<WindowSamples> {
    const samples: WindowSamples = { sent: 0, received: 0, acked: 0, delivery: [], ack: [] };
    current = samples;
    const timers: NodeJS.Timeout[] = [];
    const end = performance.now() + durationMs;
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
              samples.sent += 1;
              room.client.publish(
                roomTopic(options.storeId, room.id, 'events'),
                JSON.stringify(event),
                { qos: 1 },
                (err) => {
                  if (!err) {
                    samples.acked += 1;
                    samples.ack.push(performance.now() - t);
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
    const deadline = performance.now() + 5000;
    while ((samples.received < samples.sent || samples.acked < samples.sent) && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    for (const t of timers) clearTimeout(t);
    return samples;
  }

  async function close(): Promise<void> {
    await Promise.all(rooms.map((r) => r.client.endAsync()));
    await subscriber.endAsync();
  }

  return { window, close };
}
