import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createIdFactory, type RoomEvent, type RoomState, roomTopic } from '@ktv/protocol';
import { connectAsync, type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { type Agent, createAgent } from '../agent.js';
import type { AgentConfig } from '../config/types.js';
import { validateConfig } from '../config/validate.js';
import { freePort, startBroker, type TestBroker } from '../testing/broker.js';
import { waitUntil } from '../testing/wait.js';

const logger = pino({ level: process.env.KTV_TEST_LOG ?? 'silent' });
const STORE = 'demo';
const ROOM = '101';

function configFor(port: number): AgentConfig {
  const r = validateConfig({
    storeId: STORE,
    roomId: ROOM,
    roomName: '101 小包',
    gateway: { mqttUrl: `mqtt://127.0.0.1:${port}`, username: 'room-101', password: 'pw' },
    web: { host: '127.0.0.1', port: 0 },
    sensors: { debounceMs: 5, pirHoldMs: 200 },
  });
  assert.ok(r.ok);
  return r.value;
}

/** A peer on the broker that sees what the gateway would see, de-duplicating events by id. */
class Watcher {
  events: RoomEvent[] = [];
  deliveries = 0;
  online: boolean[] = [];
  states: RoomState[] = [];
  private ids = new Set<string>();
  private constructor(readonly client: MqttClient) {}

  static async connect(port: number): Promise<Watcher> {
    const client = await connectAsync(`mqtt://127.0.0.1:${port}`, {
      clientId: 'watcher',
      clean: false,
      reconnectPeriod: 50,
    });
    const w = new Watcher(client);
    client.on('message', (topic, payload) => {
      const value: unknown = JSON.parse(payload.toString());
      if (topic.endsWith('/events')) {
        const ev = value as RoomEvent;
        w.deliveries += 1;
        if (!w.ids.has(ev.id)) {
          w.ids.add(ev.id);
          w.events.push(ev);
        }
      } else if (topic.endsWith('/online')) w.online.push(value as boolean);
      else if (topic.endsWith('/state')) w.states.push(value as RoomState);
    });
    await client.subscribeAsync(
      ['events', 'online', 'state'].map((c) => roomTopic(STORE, ROOM, c as 'events')),
      { qos: 1 },
    );
    return w;
  }
}

describe('gateway link against a real Aedes', () => {
  let dir: string;
  const cleanups: (() => Promise<void>)[] = [];
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ktv-agent-link-'));
  });
  after(async () => {
    for (const c of cleanups) await c().catch(() => undefined); // agent, watcher, broker
    await rm(dir, { recursive: true, force: true });
  });

  it('records while the broker is down, delivers in order exactly once after it comes up and across a restart', async () => {
    const port = await freePort();
    const config = configFor(port);
    const dataDir = join(dir, 'a');
    const backoff = { minMs: 20, maxMs: 100 };

    // 1. The broker is down: the agent runs offline and the outbox fills.
    let agent: Agent = createAgent({ config, dataDir, logger, backoff });
    const { webPort } = await agent.start();
    cleanups.push(() => agent.stop());
    const base = `http://127.0.0.1:${webPort}`;
    for (let i = 0; i < 3; i++) await fetch(`${base}/api/call`, { method: 'POST' });
    await fetch(`${base}/api/sim/door`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"open":true}',
    });
    await waitUntil('door open', () => agent.state().sensors.doorOpen);
    assert.equal(agent.state().connected, false);
    await waitUntil('5 events pending', () => agent.state().outboxPending === 5); // started, 3 calls, door

    // 2. The broker comes up; the watcher subscribes before the agent may connect.
    let ready = false;
    const broker: TestBroker = await startBroker(port, { refuse: (user) => user === 'room-101' && !ready });
    const watcher = await Watcher.connect(port);
    cleanups.push(() => watcher.client.endAsync(true));
    cleanups.push(() => broker.close());
    ready = true;
    await waitUntil('connected and drained', () => agent.state().connected && agent.state().outboxPending === 0);
    await waitUntil('5 events seen', () => watcher.events.length === 5);
    assert.deepEqual(
      watcher.events.map((e) => e.type),
      ['agent.started', 'service.called', 'service.cancelled', 'service.called', 'sensor.changed'],
    );
    assert.deepEqual(
      watcher.events.map((e) => e.seq),
      [1, 2, 3, 4, 5],
    );
    await waitUntil('online true', () => watcher.online.at(-1) === true);
    await waitUntil('state retained', () => watcher.states.at(-1)?.sensors.doorOpen === true);

    // 3. A clean stop says offline; events recorded meanwhile go out after the restart.
    await agent.stop();
    await waitUntil('online false after stop', () => watcher.online.at(-1) === false);
    agent = createAgent({ config, dataDir, logger, backoff });
    ready = false;
    const base2 = `http://127.0.0.1:${(await agent.start()).webPort}`;
    ready = true;
    await waitUntil('restart drained', () => agent.state().connected && agent.state().outboxPending === 0);
    await waitUntil('6 events seen', () => watcher.events.length === 6);
    assert.equal(watcher.events[5]?.type, 'agent.started');
    assert.equal(watcher.events[5]?.seq, 6);

    // 4. The guests' call (made before the restart) is still waiting, on the screen and in the
    // retained state; staff answer it. A malformed command before the answer is dropped harmlessly.
    const afterRestart = (await (await fetch(`${base2}/api/state`)).json()) as { sensors: { callActive: boolean } };
    assert.equal(afterRestart.sensors.callActive, true);
    await waitUntil('retained state has the call', () => watcher.states.at(-1)?.sensors.callActive === true);
    const cmd = roomTopic(STORE, ROOM, 'cmd');
    await watcher.client.publishAsync(cmd, '{"type":"service.acknowledge"', { qos: 1 });
    await watcher.client.publishAsync(cmd, JSON.stringify({ type: 'service.acknowledge', room: ROOM }), { qos: 1 });
    const ack = {
      id: createIdFactory()(),
      type: 'service.acknowledge',
      room: ROOM,
      at: Date.now(),
      data: { by: 'admin' },
    };
    await watcher.client.publishAsync(cmd, JSON.stringify(ack), { qos: 1 });
    await watcher.client.publishAsync(cmd, JSON.stringify(ack), { qos: 1 }); // redelivery: handled once
    await waitUntil('call cleared', () => !agent.state().sensors.callActive);
    await waitUntil('acknowledged event', () => watcher.events.length === 7);
    assert.equal(watcher.events[6]?.type, 'service.acknowledged');
    assert.deepEqual(watcher.events[6]?.data, { by: 'admin' });
    await waitUntil('retained state cleared', () => watcher.states.at(-1)?.sensors.callActive === false);

    // 5. A network failure: the broker publishes the will (false); the agent reconnects (true).
    const onlineBefore = watcher.online.length;
    broker.dropClients();
    await waitUntil('will then online', () => watcher.online.slice(onlineBefore).join() === 'false,true', 5000);
    assert.ok(watcher.events.every((e, i) => e.seq === i + 1));
  });
});

describe('gateway link socket', () => {
  it("has Nagle's algorithm off (a room's state and event a moment later must not wait ~40 ms for an ACK)", async () => {
    const port = await freePort();
    const broker = await startBroker(port);
    const dir = await mkdtemp(join(tmpdir(), 'ktv-agent-nodelay-'));
    const told: { remotePort: number | undefined; on: boolean | undefined }[] = [];
    const original = Socket.prototype.setNoDelay;
    Socket.prototype.setNoDelay = function (this: Socket, on?: boolean) {
      told.push({ remotePort: this.remotePort, on });
      return original.call(this, on);
    };
    const agent = createAgent({ config: configFor(port), dataDir: dir, logger });
    try {
      await agent.start();
      await waitUntil('connected', () => agent.state().connected);
    } finally {
      Socket.prototype.setNoDelay = original;
      await agent.stop();
      await broker.close();
      await rm(dir, { recursive: true, force: true });
    }
    assert.ok(
      told.some((t) => t.remotePort === port && t.on === true),
      `the agent's side of its connection to the gateway: ${JSON.stringify(told)}`,
    );
  });
});
