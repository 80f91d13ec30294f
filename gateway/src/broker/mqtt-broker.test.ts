import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { roomTopic } from '@ktv/protocol';
import mqtt, { type MqttClient } from 'mqtt';
import { silentLogger } from '../logger.js';
import { provisionDevice } from '../settings/provision.js';
import { SettingsStore } from '../settings/settings-store.js';
import { Counters } from '../stats.js';
import { DeviceAuthenticator } from './device-auth.js';
import { type MqttBroker, type PublishVerdict, startMqttBroker } from './mqtt-broker.js';

const STORE = 'b1';

function connect(url: string, creds: { username: string; password: string }): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const c = mqtt.connect(url, { clientId: creds.username, ...creds, reconnectPeriod: 0 });
    c.once('connect', () => resolve(c));
    c.once('error', reject);
  });
}

/**
 * The broker with an ingest whose disk the test holds: every event's `ackAfter` waits until the
 * test lets it go, so what may happen before an event is durable can be watched.
 */
describe('broker: an event is forwarded at once and acknowledged once durable', () => {
  let dir: string;
  let broker: MqttBroker;
  let url: string;
  let room: { username: string; password: string };
  let monitor: { username: string; password: string };
  const held: { payload: string; release(): void; fail(e: Error): void }[] = [];
  const clients: MqttClient[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ktv-broker-'));
    const settings = await SettingsStore.open(dir);
    const mqttUrl = 'mqtt://127.0.0.1:1';
    room = await provisionDevice(settings, { kind: 'room', room: '101', storeId: STORE, mqttUrl });
    monitor = await provisionDevice(settings, { kind: 'monitor', name: 'desk', storeId: STORE, mqttUrl });
    broker = await startMqttBroker({
      storeId: STORE,
      host: '127.0.0.1',
      port: 0,
      maxPacketBytes: 8192,
      maxConnectionsPerClientId: 1,
      authenticator: new DeviceAuthenticator(settings),
      counters: new Counters(),
      logger: silentLogger(),
      onPublish: (_who, topic, payload): PublishVerdict => {
        if (!topic.endsWith('/events')) return { action: 'forward' };
        let release = () => {};
        let fail: (e: Error) => void = () => {};
        const ackAfter = new Promise<void>((resolve, reject) => {
          release = resolve;
          fail = reject;
        });
        held.push({ payload: payload.toString(), release, fail });
        return { action: 'forward', ackAfter };
      },
    });
    url = `mqtt://127.0.0.1:${broker.port}`;
  });
  after(async () => {
    for (const c of clients) await c.endAsync(true);
    await broker.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("the room's next message goes through while its event waits for the disk; the PUBACK comes after", async () => {
    const desk = await connect(url, monitor);
    clients.push(desk);
    const seen: string[] = [];
    desk.on('message', (topic) => seen.push(topic.split('/').at(-1) ?? topic));
    await desk.subscribeAsync(`ktv/v1/${STORE}/#`, { qos: 1 });
    const r101 = await connect(url, room);
    clients.push(r101);
    let acked = false;
    const event = JSON.stringify({ id: 'e1', type: 'service.called', room: '101', seq: 1, at: 1, data: {} });
    const ack = r101.publishAsync(roomTopic(STORE, '101', 'events'), event, { qos: 1 }).then(() => {
      acked = true;
    });
    const state = r101.publishAsync(roomTopic(STORE, '101', 'state'), '{"x":1}', { qos: 1 });
    await state; // acknowledged at once: not behind the event
    await waitFor(() => seen.length === 2);
    assert.deepEqual(seen, ['events', 'state'], 'the event reached the desk, then the state');
    assert.equal(acked, false, 'no PUBACK for the event before it is durable');
    assert.equal(held.length, 1);
    held[0]?.release();
    await ack;
    assert.equal(seen.length, 2, 'acknowledging delivers nothing again');
  });

  it('an event that could not be recorded gets no PUBACK: the connection closes and the room sends it again', async () => {
    const r101 = await connect(url, room);
    clients.push(r101);
    const closed = new Promise<void>((resolve) => r101.once('close', () => resolve()));
    const before = held.length;
    r101.publish(roomTopic(STORE, '101', 'events'), '{"id":"e2"}', { qos: 1 });
    await waitFor(() => held.length === before + 1);
    held.at(-1)?.fail(new Error('disk full'));
    await closed;
  });

  it("turns Nagle's algorithm off on a device's connection (a command must not wait ~40 ms behind a PUBACK)", async () => {
    const told: { localPort: number | undefined; on: boolean | undefined }[] = [];
    const original = Socket.prototype.setNoDelay;
    Socket.prototype.setNoDelay = function (this: Socket, on?: boolean) {
      told.push({ localPort: this.localPort, on });
      return original.call(this, on);
    };
    try {
      clients.push(await connect(url, room));
    } finally {
      Socket.prototype.setNoDelay = original;
    }
    assert.ok(
      told.some((t) => t.localPort === broker.port && t.on === true),
      `the broker's side of the connection: ${JSON.stringify(told)}`,
    );
  });
});

async function waitFor(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}
