import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type RoomBundle, roomTopic, validateRoomBundle } from '@ktv/protocol';
import { closed, connect, STORE, startTestGateway, type TestGateway, until } from './harness.js';

const GATEWAY_BIN = fileURLToPath(new URL('../../bin/ktv-gateway.js', import.meta.url));

function run(
  command: string,
  args: string[],
  cwd?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(cwd ? { cwd } : {}) });
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
  });
}

const state = (room: string) =>
  JSON.stringify({
    store: STORE,
    room,
    roomName: room,
    agentVersion: 'test',
    startedAt: 1,
    at: 2,
    sensors: { doorOpen: false, motion: false, callActive: false },
    outboxPending: 0,
  });

describe('enrolment and revocation', () => {
  let g: TestGateway;
  const pubArgs = (b: { username: string; password: string }, room: string) => [
    '-h',
    '127.0.0.1',
    '-p',
    String(g.mqttPort),
    '-V',
    'mqttv311',
    '-i',
    b.username,
    '-u',
    b.username,
    '-P',
    b.password,
    '-q',
    '1',
    '-t',
    roomTopic(STORE, room, 'state'),
    '-m',
    state(room),
  ];

  before(async () => {
    g = await startTestGateway();
  });
  after(async () => {
    await g.stop();
  });

  test('POST /api/devices needs an admin session and answers a valid bundle that can connect', async () => {
    const anonymous = await fetch(`${g.httpUrl}/api/devices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ room: '201' }),
    });
    assert.equal(anonymous.status, 401);

    const res = await g.api<{ bundle: RoomBundle }>('/api/devices', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        room: '201',
        roomName: '201 大包',
        wifi: { ssid: 'ktv-store', passphrase: 'a long passphrase' },
      }),
    });
    assert.equal(res.status, 201);
    const { bundle } = res.body;
    assert.ok(validateRoomBundle(bundle).ok, 'the answer is a valid room bundle');
    assert.equal(bundle.mqttUrl, `mqtt://127.0.0.1:${g.mqttPort}`, 'the address the admin reached, the MQTT port');
    assert.equal(bundle.httpUrl, g.httpUrl, 'the HTTP address the admin reached (catalog and media downloads)');
    assert.deepEqual(bundle.wifi, { ssid: 'ktv-store', passphrase: 'a long passphrase' });
    const settings = await readFile(join(g.dataDir, 'settings.json'), 'utf8');
    assert.doesNotMatch(settings, /a long passphrase/, 'the gateway does not keep the Wi-Fi passphrase');
    assert.doesNotMatch(settings, new RegExp(bundle.password), 'nor the password');

    const again = await g.api<{ code: string }>('/api/devices', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ room: '201' }),
    });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'KTV_E_DEVICE_EXISTS');
    const bad = await g.api<{ code: string }>('/api/devices', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ room: '../x' }),
    });
    assert.equal(bad.status, 400);

    const client = await connect(bundle.mqttUrl, bundle);
    await client.endAsync();
    const list = await g.api<{ devices: { deviceId: string; revoked: boolean }[] }>('/api/devices');
    assert.ok(list.body.devices.some((d) => d.deviceId === 'room-201' && !d.revoked));
  });

  test('revoking through the API drops the live MQTT.js connection at once and refuses mosquitto_pub', async () => {
    const res = await g.api<{ bundle: RoomBundle }>('/api/devices', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ room: '202' }),
    });
    const { bundle } = res.body;
    const client = await connect(g.mqttUrl, bundle);
    await client.publishAsync(roomTopic(STORE, '202', 'state'), state('202'), { qos: 1 });
    const ok = await run('mosquitto_pub', pubArgs(bundle, '202'));
    assert.equal(ok.code, 0, ok.stderr);

    const gone = closed(client);
    const revoked = await g.api<{ ok: boolean }>('/api/devices/room-202/revoke', { method: 'POST' });
    assert.equal(revoked.status, 200);
    const t0 = Date.now();
    await gone;
    assert.ok(Date.now() - t0 < 2000, 'the live connection was closed at once');

    const refused = await run('mosquitto_pub', pubArgs(bundle, '202'));
    assert.notEqual(refused.code, 0, 'mosquitto_pub is refused');
    assert.match(refused.stderr, /not authori[sz]ed|Connection Refused/i);
    await assert.rejects(connect(g.mqttUrl, bundle), /Not authorized|Bad username or password/i);

    const list = await g.api<{ devices: { deviceId: string; revoked: boolean }[] }>('/api/devices');
    assert.ok(list.body.devices.some((d) => d.deviceId === 'room-202' && d.revoked));
    const unknown = await g.api<{ code: string }>('/api/devices/room-999/revoke', { method: 'POST' });
    assert.equal(unknown.status, 404);
  });

  test('`ktv-gateway device revoke` in another process drops the live connection (settings watched)', async () => {
    const add = await run(
      process.execPath,
      [GATEWAY_BIN, 'device', 'add', '--room', '203', '--data', g.dataDir, '--mqtt-url', g.mqttUrl],
      g.dataDir,
    );
    assert.equal(add.code, 0, add.stderr);
    assert.deepEqual(JSON.parse(add.stdout), { deviceId: 'room-203', out: 'room-203.json' });
    const file = join(g.dataDir, 'room-203.json');
    assert.equal((await stat(file)).mode & 0o777, 0o600, 'the bundle file is 0600');
    const bundle = JSON.parse(await readFile(file, 'utf8')) as RoomBundle;
    assert.equal(bundle.roomId, '203');
    assert.equal(bundle.storeId, STORE);
    assert.equal(bundle.httpUrl, 'http://127.0.0.1:8080', "--mqtt-url's host on the (default) HTTP port");

    const client = await until('room 203 connects', () => connect(g.mqttUrl, bundle).catch(() => undefined));
    const gone = closed(client);
    const revoke = await run(process.execPath, [GATEWAY_BIN, 'device', 'revoke', '--room', '203', '--data', g.dataDir]);
    assert.equal(revoke.code, 0, revoke.stderr);
    const t0 = Date.now();
    await gone;
    assert.ok(Date.now() - t0 < 3000, `closed ${Date.now() - t0} ms after the revoke`);
    const refused = await run('mosquitto_pub', pubArgs(bundle, '203'));
    assert.notEqual(refused.code, 0);

    const unknown = await run(process.execPath, [
      GATEWAY_BIN,
      'device',
      'revoke',
      '--room',
      '999',
      '--data',
      g.dataDir,
    ]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no device room-999/);

    // Re-issuing a revoked room gives it working credentials again.
    const readd = await run(process.execPath, [
      GATEWAY_BIN,
      'device',
      'add',
      '--room',
      '203',
      '--data',
      g.dataDir,
      '--mqtt-url',
      g.mqttUrl,
      '--out',
      '-',
    ]);
    assert.equal(readd.code, 0, readd.stderr);
    const fresh = JSON.parse(readd.stdout) as RoomBundle;
    const back = await until('room 203 connects again', () => connect(g.mqttUrl, fresh).catch(() => undefined));
    await back.endAsync();
  });

  test('a rotated password ends the sessions of the old one', async () => {
    const first = (
      await g.api<{ bundle: RoomBundle }>('/api/devices', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ room: '204' }),
      })
    ).body.bundle;
    const client = await connect(g.mqttUrl, first);
    const gone = closed(client);
    const rotated = await g.api<{ bundle: RoomBundle }>('/api/devices', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ room: '204', rotate: true }),
    });
    assert.equal(rotated.status, 201);
    await gone;
    await assert.rejects(connect(g.mqttUrl, first));
    const fresh = await connect(g.mqttUrl, rotated.body.bundle);
    await fresh.endAsync();
  });

  test('device add: Wi-Fi options go together and must be valid', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--wifi-ssid', 'x'], /go together/],
      [['--wifi-ssid', 'x', '--wifi-passphrase', 'short'], /passphrase 8-63/],
      [['--monitor', 'm', '--wifi-ssid', 'x', '--wifi-passphrase', '12345678'], /for room boxes/],
    ];
    for (const [extra, message] of cases) {
      const room = extra.includes('--monitor') ? [] : ['--room', '205'];
      const r = await run(process.execPath, [
        GATEWAY_BIN,
        'device',
        'add',
        ...room,
        ...extra,
        '--data',
        g.dataDir,
        '--out',
        '-',
      ]);
      assert.equal(r.code, 2, extra.join(' '));
      assert.match(r.stderr, message);
    }
  });
});
