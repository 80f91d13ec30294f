import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createIdFactory, type RoomCommand, type RoomEvent, roomTopic, type SceneSettings } from '@ktv/protocol';
import type { MqttClient } from 'mqtt';
import type { EnergyReport } from '../energy/hours.js';
import { connect, STORE, startTestGateway, type TestGateway, until } from '../test/harness.js';

/**
 * The gateway's side of room power over the real broker: a room agent stand-in (MQTT.js with the
 * room's credentials) gets the scenes and its room state on coming online, the state again on
 * every change (开房, 结账), new scenes when an admin saves them (refused when malformed); the
 * room's power events come back as energy hours.
 */
describe('room power over the real gateway: scenes, room states, energy hours', () => {
  let gw: TestGateway;
  let room: MqttClient;
  const received: RoomCommand[] = [];
  const ids = createIdFactory();
  let seq = 0;

  const next = (type: RoomCommand['type'], after: number, test: (c: RoomCommand) => boolean = () => true) =>
    until(`a ${type} command`, () => received.slice(after).find((c) => c.type === type && test(c)));
  const json = (body: unknown) => ({
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

  before(async () => {
    gw = await startTestGateway();
    room = await connect(gw.mqttUrl, gw.room101, { clean: true });
    room.on('message', (_topic, payload) => received.push(JSON.parse(payload.toString()) as RoomCommand));
    await room.subscribeAsync(roomTopic(STORE, '101', 'cmd'), { qos: 1 });
    await room.publishAsync(roomTopic(STORE, '101', 'online'), 'true', { qos: 1, retain: true });
  });
  after(async () => {
    await room?.endAsync(true);
    await gw?.stop();
  });

  it('a room coming online gets the store scenes (seeded defaults) and its room state', async () => {
    const scenes = await next('scenes.update', 0);
    assert.equal(scenes.type === 'scenes.update' && scenes.data.settings.version, 1);
    assert.equal(scenes.type === 'scenes.update' && scenes.data.settings.idleMinutes, 30);
    const status = await next('room.status', 0);
    assert.equal(status.type === 'room.status' && status.data.status, 'idle');
    const saved = JSON.parse(await readFile(join(gw.dataDir, 'settings.json'), 'utf8')) as { scenes: SceneSettings };
    assert.equal(saved.scenes.version, 1);
  });

  it('开房 and 结账 send the new room state', async () => {
    const mark = received.length;
    const open = await gw.api<{ session: { sessionId: string } }>('/api/rooms/101/open', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ratePlanId: 'standard' }),
    });
    assert.equal(open.status, 200);
    await next('room.status', mark, (c) => c.type === 'room.status' && c.data.status === 'inUse');
    const mark2 = received.length;
    const out = await gw.api(`/api/sessions/${open.body.session.sessionId}/checkout`, { method: 'POST' });
    assert.equal(out.status, 200);
    await next('room.status', mark2, (c) => c.type === 'room.status' && c.data.status === 'cleaning');
    // Each state is sent once, not with every bill refresh.
    assert.equal(received.filter((c) => c.type === 'room.status' && c.data.status === 'inUse').length, 1);
  });

  it('PUT /api/scenes: malformed scenes are refused; saved ones get the next version and reach the room', async () => {
    const current = await gw.api<{ settings: SceneSettings }>('/api/scenes');
    assert.equal(current.status, 200);
    const bad = await gw.api<{ code: string }>(
      '/api/scenes',
      json({ idleMinutes: 0, scenes: current.body.settings.scenes }),
    );
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'KTV_E_BAD_REQUEST');
    const tooBright = structuredClone(current.body.settings.scenes);
    tooBright.bright.levels.main = 300;
    assert.equal((await gw.api('/api/scenes', json({ idleMinutes: 20, scenes: tooBright }))).status, 400);

    const mark = received.length;
    const scenes = structuredClone(current.body.settings.scenes);
    scenes.party.levels = { main: 255, blue: 255 };
    const saved = await gw.api<{ settings: SceneSettings }>('/api/scenes', json({ idleMinutes: 15, scenes }));
    assert.equal(saved.status, 200);
    assert.equal(saved.body.settings.version, 2);
    const pushed = await next('scenes.update', mark);
    assert.ok(pushed.type === 'scenes.update');
    assert.equal(pushed.data.settings.version, 2);
    assert.equal(pushed.data.settings.idleMinutes, 15);
    assert.deepEqual(pushed.data.settings.scenes.party.levels, { main: 255, blue: 255 });
    // Only the front desk's admin session may read or change them.
    assert.equal((await fetch(`${gw.httpUrl}/api/scenes`)).status, 401);
    assert.equal((await fetch(`${gw.httpUrl}/api/scenes`, json({ idleMinutes: 5, scenes }))).status, 401);
  });

  it('the room power events become energy hours; a reversed range is refused', async () => {
    const t0 = Date.UTC(2026, 10, 23, 2); // 10:00 in Asia/Shanghai
    const publish = async (at: number, on: boolean, inUse: boolean) => {
      seq += 1;
      const event: RoomEvent = {
        id: ids(at),
        type: 'power.changed',
        room: '101',
        seq,
        at,
        data: { on, tv: on, amp: on, scene: on ? 'welcome' : 'off', inUse, reason: 'test' },
      };
      await room.publishAsync(roomTopic(STORE, '101', 'events'), JSON.stringify(event), { qos: 1 });
    };
    await publish(t0, true, true);
    await publish(t0 + 2 * 3_600_000, true, false);
    await publish(t0 + 2.5 * 3_600_000, false, false);
    const report = await until('the report with the room switched off', async () => {
      const r = await gw.api<EnergyReport>('/api/energy?from=2026-11-23&to=2026-11-23');
      return r.body.rooms.find((x) => x.room === '101')?.totalOnMs === 2.5 * 3_600_000 ? r.body : undefined;
    });
    assert.equal(report.rooms.find((x) => x.room === '101')?.totalInUseMs, 2 * 3_600_000);
    assert.deepEqual(
      report.rooms.map((x) => x.room),
      ['101', '102'],
    );
    const reversed = await gw.api<{ code: string }>('/api/energy?from=2026-11-24&to=2026-11-23');
    assert.equal(reversed.status, 400);
    assert.equal((await gw.api('/api/energy?from=yesterday&to=2026-11-23')).status, 400);
  });
});
