import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { ProvisionError, provisionDevice } from '../settings/provision.js';
import { SettingsStore } from '../settings/settings-store.js';
import { connect, STORE, startTestGateway, type TestGateway } from './harness.js';

describe('admin API', () => {
  let g: TestGateway;
  before(async () => {
    g = await startTestGateway();
  });
  after(async () => {
    await g.stop();
  });

  test('every /api route but login and i18n needs a session', async () => {
    for (const path of ['/api/rooms', '/api/devices', '/api/stats', '/api/rooms/101/events']) {
      const res = await fetch(`${g.httpUrl}${path}`);
      assert.equal(res.status, 401, path);
      assert.deepEqual(await res.json(), { code: 'KTV_E_UNAUTHORIZED', message: 'sign in first' });
    }
    const i18n = (await (await fetch(`${g.httpUrl}/api/i18n`)).json()) as {
      defaultLang: string;
      catalogs: Record<string, object>;
    };
    assert.equal(i18n.defaultLang, 'zh-CN');
    assert.deepEqual(Object.keys(i18n.catalogs).sort(), ['en', 'zh-CN']);
  });

  test('login: wrong password 401, bad body 400, good one sets an HttpOnly SameSite=Strict cookie', async () => {
    const post = (body: unknown) =>
      fetch(`${g.httpUrl}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const wrong = await post({ username: 'admin', password: 'bad' });
    assert.equal(wrong.status, 401);
    assert.equal(((await wrong.json()) as { code: string }).code, 'KTV_E_LOGIN_FAILED');
    const bad = await post({ username: 'admin' });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { code: string }).code, 'KTV_E_BAD_REQUEST');
    const good = await post({ username: 'admin', password: 'front-desk-secret' });
    assert.equal(good.status, 200);
    const cookie = good.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^ktv_admin=/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    const rooms = await fetch(`${g.httpUrl}/api/rooms`, { headers: { cookie: cookie.split(';')[0] ?? '' } });
    assert.equal(rooms.status, 200);
  });

  test('rooms sorted by id; devices listed with their state', async () => {
    const rooms = await g.api<{ rooms: { room: string; online: boolean; lastSeen: null }[] }>('/api/rooms');
    assert.deepEqual(
      rooms.body.rooms.map((r) => r.room),
      ['101', '102'],
    );
    assert.equal(rooms.body.rooms[0]?.online, false);
    const devices = await g.api<{ devices: { deviceId: string }[] }>('/api/devices');
    assert.deepEqual(devices.body.devices.map((d) => d.deviceId).sort(), ['monitor-desk', 'room-101', 'room-102']);
  });

  test('a device added while the gateway runs can connect and its room appears', async () => {
    const settings = await SettingsStore.open(g.dataDir);
    const bundle = await provisionDevice(settings, { kind: 'room', room: '103', storeId: STORE, mqttUrl: g.mqttUrl });
    await assert.rejects(
      provisionDevice(settings, { kind: 'room', room: '103', storeId: STORE, mqttUrl: g.mqttUrl }),
      ProvisionError,
    );
    const client = await connect(g.mqttUrl, bundle);
    await client.endAsync();
    const rooms = await g.api<{ rooms: { room: string }[] }>('/api/rooms');
    assert.ok(rooms.body.rooms.some((r) => r.room === '103'));
  });

  test('websocket: refused without a session; snapshot first, then a room message on a state change', async () => {
    const wsUrl = g.httpUrl.replace('http', 'ws');
    const refused = new WebSocket(`${wsUrl}/api/ws`);
    refused.on('error', () => undefined);
    const status = await new Promise<number>((resolve) =>
      refused.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
    );
    assert.equal(status, 401);

    const ws = new WebSocket(`${wsUrl}/api/ws?token=${g.token}`);
    const messages: { type: string; room?: { room: string; sensors: { callActive: boolean } | null } }[] = [];
    let notify: () => void = () => undefined;
    ws.on('message', (data) => {
      messages.push(JSON.parse(data.toString()));
      notify();
    });
    const waitFor = (pred: () => boolean) =>
      new Promise<void>((resolve) => {
        notify = () => pred() && resolve();
        notify();
      });
    await waitFor(() => messages.length > 0);
    assert.equal(messages[0]?.type, 'snapshot');
    const client = await connect(g.mqttUrl, g.room102);
    const state = {
      store: STORE,
      room: '102',
      roomName: '102',
      agentVersion: '0.1.0',
      startedAt: 1,
      at: 2,
      sensors: { doorOpen: false, motion: false, callActive: true },
      outboxPending: 0,
    };
    await client.publishAsync(`ktv/v1/${STORE}/rooms/102/state`, JSON.stringify(state), { qos: 1, retain: true });
    await waitFor(() =>
      messages.some((m) => m.type === 'room' && m.room?.room === '102' && m.room.sensors?.callActive === true),
    );
    await client.endAsync();
    ws.close();
  });
});
