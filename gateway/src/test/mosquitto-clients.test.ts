import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { createIdFactory, roomTopic } from '@ktv/protocol';
import { STORE, startTestGateway, type TestGateway } from './harness.js';

/** Runs a Mosquitto client to its end: exit code and output. */
function run(
  command: string,
  args: string[],
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

const state = (room: string) =>
  JSON.stringify({
    store: STORE,
    room,
    roomName: room,
    agentVersion: 'mosquitto',
    startedAt: 1,
    at: 2,
    sensors: { doorOpen: true, motion: false, callActive: false },
    outboxPending: 0,
  });

describe("the ACL with Debian's mosquitto_pub / mosquitto_sub as a third-party client", () => {
  let g: TestGateway;
  const base = () => ['-h', '127.0.0.1', '-p', String(g.mqttPort), '-V', 'mqttv311'];
  const as = (b: { username: string; password: string }) => ['-i', b.username, '-u', b.username, '-P', b.password];

  before(async () => {
    g = await startTestGateway();
  });
  after(async () => {
    await g.stop();
  });

  test('room 101 publishes its own retained state; the monitor reads it back (-C 1)', async () => {
    const pub = await run(
      'mosquitto_pub',
      [...base(), ...as(g.room101), '-q', '1', '-r', '-t', roomTopic(STORE, '101', 'state'), '-s'],
      state('101'),
    );
    assert.equal(pub.code, 0, pub.stderr);
    const sub = await run('mosquitto_sub', [
      ...base(),
      ...as(g.monitor),
      '-t',
      roomTopic(STORE, '101', 'state'),
      '-C',
      '1',
      '-W',
      '5',
    ]);
    assert.equal(sub.code, 0, sub.stderr);
    assert.equal(JSON.parse(sub.stdout).agentVersion, 'mosquitto');
  });

  test('an event published at QoS 1 by mosquitto_pub is acknowledged (it exits 0 only after the PUBACK) and recorded', async () => {
    const id = createIdFactory()();
    const event = JSON.stringify({
      id,
      type: 'service.called',
      room: '101',
      seq: 1,
      at: 1_700_000_000_000,
      data: {},
    });
    const pub = await run(
      'mosquitto_pub',
      [...base(), ...as(g.room101), '-q', '1', '-t', roomTopic(STORE, '101', 'events'), '-s', '-d'],
      event,
    );
    assert.equal(pub.code, 0, pub.stderr);
    assert.match(pub.stdout, /received PUBACK/i, 'the client saw the PUBACK');
    const recorded = await g.api<{ events: { id: string }[] }>('/api/rooms/101/events?after=0');
    assert.deepEqual(
      recorded.body.events.map((e) => e.id),
      [id],
    );
  });

  test('a wrong password is refused', async () => {
    const pub = await run('mosquitto_pub', [
      ...base(),
      '-i',
      'room-101',
      '-u',
      'room-101',
      '-P',
      'wrong',
      '-t',
      roomTopic(STORE, '101', 'state'),
      '-m',
      'x',
    ]);
    assert.notEqual(pub.code, 0);
    assert.match(pub.stderr, /not authori[sz]ed|bad user name or password/i);
  });

  test("room 101 cannot subscribe to room 102's cmd", async () => {
    const before = (await g.api<{ refusedSubscribe: number }>('/api/stats')).body.refusedSubscribe;
    const sub = await run('mosquitto_sub', [
      ...base(),
      ...as(g.room101),
      '-t',
      roomTopic(STORE, '102', 'cmd'),
      '-C',
      '1',
      '-W',
      '2',
    ]);
    // mosquitto_sub reports the SUBACK failure (0x80) and ends without a message
    assert.match(sub.stderr, /denied/i, `code ${sub.code}: ${sub.stderr}`);
    assert.equal(sub.stdout, '');
    assert.equal((await g.api<{ refusedSubscribe: number }>('/api/stats')).body.refusedSubscribe, before + 1);
  });

  test('room 101 cannot publish under room 102, the monitor cannot publish at all', async () => {
    const before = (await g.api<{ refusedPublish: number }>('/api/stats')).body.refusedPublish;
    const a = await run(
      'mosquitto_pub',
      [...base(), ...as(g.room101), '-q', '1', '-t', roomTopic(STORE, '102', 'state'), '-s'],
      state('102'),
    );
    const b = await run(
      'mosquitto_pub',
      [...base(), ...as(g.monitor), '-q', '1', '-t', roomTopic(STORE, '101', 'state'), '-s'],
      state('101'),
    );
    assert.notEqual(a.code, 0);
    assert.notEqual(b.code, 0);
    assert.equal((await g.api<{ refusedPublish: number }>('/api/stats')).body.refusedPublish, before + 2);
    const rooms = (await g.api<{ rooms: { room: string; sensors: unknown }[] }>('/api/rooms')).body.rooms;
    assert.equal(rooms.find((r) => r.room === '102')?.sensors, null);
  });
});
