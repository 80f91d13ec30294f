import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type RoomCommand, roomTopic, type SessionSummary } from '@ktv/protocol';
import type { MqttClient } from 'mqtt';
import { connect, STORE, startTestGateway, type TestGateway } from '../test/harness.js';

/**
 * The room's screens follow the session over the real broker: a room agent stand-in (MQTT.js with
 * the room's credentials) receives `session.update` on its cmd topic when the desk opens the room,
 * orders, and checks out, and again whenever it comes online.
 */
describe('business over the real gateway: session.update reaches the room', () => {
  let gw: TestGateway;
  let room: MqttClient;
  const received: RoomCommand[] = [];
  const waiters: ((c: RoomCommand) => void)[] = [];

  const nextUpdate = (): Promise<SessionSummary | null> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no session.update within 5 s')), 5000);
      waiters.push((c) => {
        clearTimeout(timer);
        resolve(c.type === 'session.update' ? c.data.session : null);
      });
    });

  const roomOnline = async () => {
    room = await connect(gw.mqttUrl, gw.room101, { clean: true });
    room.on('message', (_topic, payload) => {
      const command = JSON.parse(payload.toString()) as RoomCommand;
      // Room power (issue #9) sends room.status and scenes.update on the same topic: not this test's business.
      if (command.type === 'room.status' || command.type === 'scenes.update') return;
      received.push(command);
      waiters.shift()?.(command);
    });
    await room.subscribeAsync(roomTopic(STORE, '101', 'cmd'), { qos: 1 });
    await room.publishAsync(roomTopic(STORE, '101', 'online'), 'true', { qos: 1, retain: true });
  };

  before(async () => {
    gw = await startTestGateway();
  });
  after(async () => {
    await room?.endAsync(true);
    await gw?.stop();
  });

  it('sends null to a room coming online without a session, then follows open, order, checkout', async () => {
    const first = nextUpdate();
    await roomOnline();
    assert.equal(await first, null);

    const opened = nextUpdate();
    const open = await gw.api<{ session: { sessionId: string } }>('/api/rooms/101/open', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ratePlanId: 'standard', prepaidMinutes: 120 }),
    });
    assert.equal(open.status, 200);
    const summary = await opened;
    assert.equal(summary?.sessionId, open.body.session.sessionId);
    assert.equal(summary?.plannedEndAt, (summary?.openedAt ?? 0) + 120 * 60_000);

    const ordered = nextUpdate();
    await gw.api(`/api/sessions/${open.body.session.sessionId}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ itemId: 'tsingtao', qty: 2 }),
    });
    assert.equal((await ordered)?.ordersFen, 3000);

    // The agent goes away (its will says offline) and comes back.
    await room.publishAsync(roomTopic(STORE, '101', 'online'), 'false', { qos: 1, retain: true });
    await room.endAsync();
    const again = nextUpdate();
    await roomOnline();
    assert.equal((await again)?.sessionId, open.body.session.sessionId, 'sent again when the room comes online');

    const closed = nextUpdate();
    const out = await gw.api<{ bill: { totalFen: number } }>(`/api/sessions/${open.body.session.sessionId}/checkout`, {
      method: 'POST',
    });
    assert.equal(out.status, 200);
    assert.equal(await closed, null);
    assert.ok(received.every((c) => c.type === 'session.update' && c.room === '101'));
  });
});
