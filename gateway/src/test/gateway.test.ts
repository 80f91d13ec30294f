import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createIdFactory, type RoomState, roomTopic } from '@ktv/protocol';
import type { MqttClient } from 'mqtt';
import type { RoomView } from '../rooms/room-view.js';
import type { GatewayStats } from '../stats.js';
import { closed, connect, STORE, startTestGateway, type TestGateway, until } from './harness.js';

const nextId = createIdFactory();
const T = (room: string, channel: 'state' | 'online' | 'events' | 'cmd') => roomTopic(STORE, room, channel);

function state(room: string, sensors: Partial<RoomState['sensors']> = {}): RoomState {
  return {
    store: STORE,
    room,
    roomName: room,
    agentVersion: '0.1.0-test',
    startedAt: 1,
    at: 2,
    sensors: { doorOpen: false, motion: false, callActive: false, ...sensors },
    outboxPending: 3,
  };
}

describe('gateway over real MQTT', () => {
  let g: TestGateway;
  const clients: MqttClient[] = [];
  const open = async (...args: Parameters<typeof connect>) => {
    const c = await connect(...args);
    clients.push(c);
    return c;
  };
  const stats = async () => (await g.api<GatewayStats>('/api/stats')).body;
  const room = async (id: string) =>
    (await g.api<{ rooms: RoomView[] }>('/api/rooms')).body.rooms.find((r) => r.room === id);

  before(async () => {
    g = await startTestGateway();
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    await g.stop();
  });

  test('a wrong password is refused and counted', async () => {
    await assert.rejects(
      connect(g.mqttUrl, { username: g.room101.username, password: 'nope' }),
      /Bad username or password/i,
    );
    await assert.rejects(connect(g.mqttUrl, { username: 'room-999', password: 'x' }), /Bad username or password/i);
    assert.equal((await stats()).refusedAuth, 2);
  });

  test('a client id that is not the device id is refused', async () => {
    await assert.rejects(connect(g.mqttUrl, g.room101, { clientId: 'someone-else' }), /Identifier rejected/i);
  });

  test('room 101 publishes its own state; the monitor sees it; GET /api/rooms shows it', async () => {
    const monitor = await open(g.mqttUrl, g.monitor);
    await monitor.subscribeAsync(`ktv/v1/${STORE}/#`, { qos: 1 });
    const seen = new Promise<string>((resolve) =>
      monitor.on('message', (topic, payload) => topic === T('101', 'state') && resolve(payload.toString())),
    );
    const r101 = await open(g.mqttUrl, g.room101);
    await r101.publishAsync(T('101', 'state'), JSON.stringify(state('101', { doorOpen: true })), {
      qos: 1,
      retain: true,
    });
    assert.equal(JSON.parse(await seen).sensors.doorOpen, true);
    const view = await room('101');
    assert.equal(view?.sensors?.doorOpen, true);
    assert.equal(view?.agentVersion, '0.1.0-test');
    assert.equal(view?.roomName, 'VIP 101');
    assert.equal(view?.outboxPending, 3);
  });

  test("room 101 cannot publish under room 102 (disconnected, counted) nor subscribe to 102's cmd", async () => {
    const before = await stats();
    const r101 = await open(g.mqttUrl, g.room101);
    // SUBACK 0x80: MQTT.js reports the refused filter as an error
    await assert.rejects(r101.subscribeAsync(T('102', 'cmd'), { qos: 1 }));
    const own = await r101.subscribeAsync(T('101', 'cmd'), { qos: 1 });
    assert.equal(own[0]?.qos, 1);
    const gone = closed(r101);
    r101.publish(T('102', 'state'), JSON.stringify(state('102')), { qos: 1 });
    await gone;
    const after = await stats();
    assert.equal(after.refusedSubscribe, before.refusedSubscribe + 1);
    assert.equal(after.refusedPublish, before.refusedPublish + 1);
    assert.equal((await room('102'))?.sensors, null);
  });

  test('the monitor cannot publish', async () => {
    const monitor = await open(g.mqttUrl, g.monitor);
    const gone = closed(monitor);
    monitor.publish(T('101', 'state'), JSON.stringify(state('101')), { qos: 1 });
    await gone;
  });

  test('invalid messages are counted per room, acknowledged, and the gateway keeps working', async () => {
    const before = await stats();
    const r102 = await open(g.mqttUrl, g.room102);
    await r102.publishAsync(T('102', 'state'), '{not json', { qos: 1 });
    await r102.publishAsync(T('102', 'state'), JSON.stringify({ ...state('102'), sensors: { doorOpen: 'yes' } }), {
      qos: 1,
    });
    await r102.publishAsync(T('102', 'state'), JSON.stringify(state('101')), { qos: 1 });
    const event = { id: nextId(), type: 'service.called', room: '101', seq: 1, at: 1, data: {} };
    await r102.publishAsync(T('102', 'events'), JSON.stringify(event), { qos: 1 });
    assert.equal((await stats()).invalidMessages, before.invalidMessages + 4);
    assert.equal((await room('102'))?.invalidMessages, 4);
    assert.ok(g.logs.some((l) => l.msg === 'invalid message' && l.code === 'KTV_E_ROOM_MISMATCH'));
    // still working: a valid state goes through on the same connection
    await r102.publishAsync(T('102', 'state'), JSON.stringify(state('102', { motion: true })), { qos: 1 });
    assert.equal((await room('102'))?.sensors?.motion, true);
    await r102.endAsync();
  });

  // Before: the broken one replaced the valid one in the retained store, and being suppressed it
  // reached nobody: a later subscriber got nothing at all (hence the time limit).
  test('an invalid retained state is not kept: a later subscriber gets the last valid one', {
    timeout: 15_000,
  }, async () => {
    const r102 = await open(g.mqttUrl, g.room102);
    const good = state('102', { callActive: true });
    await r102.publishAsync(T('102', 'state'), JSON.stringify(good), { qos: 1, retain: true });
    await r102.publishAsync(T('102', 'state'), '{"broken": true', { qos: 1, retain: true });
    const late = await open(g.mqttUrl, g.monitor);
    const retained = new Promise<string>((resolve) =>
      late.on(
        'message',
        (topic, payload, packet) => topic === T('102', 'state') && packet.retain && resolve(payload.toString()),
      ),
    );
    await late.subscribeAsync(T('102', 'state'), { qos: 1 });
    assert.deepEqual(JSON.parse(await retained), good);
    await r102.endAsync();
  });

  test('a second connection of the same device under another client id is refused (limit 1)', async () => {
    const first = await open(g.mqttUrl, g.room102);
    await assert.rejects(connect(g.mqttUrl, g.room102, { clientId: 'room-102-second' }), /Not authorized/i);
    await first.endAsync();
  });

  test('the same client id again takes the old session over (counted)', async () => {
    const before = await stats();
    const first = await open(g.mqttUrl, g.room102);
    const firstGone = closed(first);
    const second = await open(g.mqttUrl, g.room102);
    await firstGone;
    assert.equal((await stats()).takeovers, before.takeovers + 1);
    await second.endAsync();
  });

  test('an oversized packet closes the connection and is counted', async () => {
    const before = await stats();
    const r102 = await open(g.mqttUrl, g.room102);
    const gone = closed(r102);
    r102.publish(T('102', 'state'), Buffer.alloc(20_000, 0x41), { qos: 0 });
    await gone;
    const after = await until('oversized counted', async () => {
      const s = await stats();
      return s.oversizedPackets > before.oversizedPackets ? s : undefined;
    });
    assert.equal(
      after.invalidMessages,
      before.invalidMessages + 1,
      JSON.stringify(g.logs.filter((l) => (l.level as number) >= 40).slice(-4)),
    );
  });

  test('an event published twice is recorded once and acknowledged both times', async () => {
    const before = await stats();
    const r101 = await open(g.mqttUrl, g.room101);
    const event = {
      id: nextId(),
      type: 'sensor.changed',
      room: '101',
      seq: 1,
      at: Date.now(),
      data: { sensor: 'door', value: true },
    };
    await r101.publishAsync(T('101', 'events'), JSON.stringify(event), { qos: 1 });
    await r101.publishAsync(T('101', 'events'), JSON.stringify(event), { qos: 1 });
    await r101.publishAsync(T('101', 'events'), JSON.stringify({ ...event, id: nextId() }), { qos: 1 });
    const after = await stats();
    assert.equal(after.eventsReceived, before.eventsReceived + 1);
    assert.equal(after.duplicateEvents, before.duplicateEvents + 2);
    const { body } = await g.api<{ events: { id: string; seq: number; receivedAt: number }[] }>(
      '/api/rooms/101/events?after=0',
    );
    assert.deepEqual(
      body.events.map((e) => e.id),
      [event.id],
    );
    assert.equal(typeof body.events[0]?.receivedAt, 'number');
    assert.deepEqual((await g.api<{ events: unknown[] }>('/api/rooms/101/events?after=1')).body.events, []);
  });

  test("a room's next message is not held behind its last event's group commit", async () => {
    // aedes reads a client's next packets only once the ones it has read are acknowledged, and an
    // event's acknowledgement waits for its fdatasync: the linger before it must stay short.
    const monitor = await open(g.mqttUrl, g.monitor);
    await monitor.subscribeAsync([T('102', 'state'), T('102', 'events')], { qos: 1 });
    const r102 = await open(g.mqttUrl, g.room102);
    const arrived = (topic: string) =>
      new Promise<number>((resolve) => {
        const on = (t: string) => {
          if (t !== topic) return;
          monitor.off('message', on);
          resolve(performance.now());
        };
        monitor.on('message', on);
      });
    const acked: Promise<unknown>[] = [];
    for (const seq of [1, 2]) {
      const event = {
        id: nextId(),
        type: 'sensor.changed',
        room: '102',
        seq,
        at: Date.now(),
        data: { sensor: 'door', value: seq === 1 },
      };
      const eventSeen = arrived(T('102', 'events'));
      acked.push(r102.publishAsync(T('102', 'events'), JSON.stringify(event), { qos: 1 }));
      await eventSeen; // forwarded at once; its PUBACK may still wait for the disk
    }
    const stateSeen = arrived(T('102', 'state'));
    const sentAt = performance.now();
    await r102.publishAsync(T('102', 'state'), JSON.stringify(state('102', { doorOpen: true })), { qos: 1 });
    const ms = (await stateSeen) - sentAt;
    assert.ok(ms < 1000, `the state sent after two events reached the monitor after ${Math.round(ms)} ms`);
    await Promise.all(acked);
  });

  test('retained online + will message give online / offline', async () => {
    const r102 = await open(g.mqttUrl, g.room102, {
      will: { topic: T('102', 'online'), payload: Buffer.from('false'), qos: 1, retain: true },
    });
    await r102.publishAsync(T('102', 'online'), 'true', { qos: 1, retain: true });
    assert.equal((await room('102'))?.online, true);
    r102.stream.destroy(); // ungraceful: the broker publishes the will
    await until('room 102 offline', async () => ((await room('102'))?.online === false ? true : undefined));
  });

  test('ack-call sends service.acknowledge to the room cmd topic', async () => {
    const r101 = await open(g.mqttUrl, g.room101);
    await r101.subscribeAsync(T('101', 'cmd'), { qos: 1 });
    const got = new Promise<{ type: string; room: string; data: { by: string } }>((resolve) =>
      r101.on('message', (_t, p) => resolve(JSON.parse(p.toString()))),
    );
    const res = await g.api<{ ok: boolean }>('/api/rooms/101/ack-call', { method: 'POST' });
    assert.deepEqual(res, { status: 200, body: { ok: true } });
    const cmd = await got;
    assert.equal(cmd.type, 'service.acknowledge');
    assert.equal(cmd.room, '101');
    assert.equal(cmd.data.by, 'admin');
    assert.equal((await g.api('/api/rooms/999/ack-call', { method: 'POST' })).status, 404);
  });
});
