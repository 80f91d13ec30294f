import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createIdFactory, type RoomEvent, roomTopic } from '@ktv/protocol';
import type { MqttClient } from 'mqtt';
import type { StoreAlert } from '../../alerts/store-alerts.js';
import { connect, STORE, startTestGateway, type TestGateway } from '../../test/harness.js';

const MIN = 60_000;

/**
 * A room agent whose clock is off, against a real gateway (embedded Aedes, ingest, journal) over
 * MQTT.js: the clockSkew alert appears on the admin API for that room only, and clears when the
 * room's clock is right again.
 */
describe('clock skew through a real gateway', () => {
  let g: TestGateway;
  let room101: MqttClient;
  let room102: MqttClient;
  const ids = createIdFactory();
  const seqs = new Map<string, number>();

  before(async () => {
    g = await startTestGateway();
    room101 = await connect(g.mqttUrl, g.room101);
    room102 = await connect(g.mqttUrl, g.room102);
  });
  after(async () => {
    room101?.end(true);
    room102?.end(true);
    await g?.stop();
  });

  /** Publishes a door event stamped with the room's clock (now + offset); resolves at PUBACK (durable). */
  async function door(client: MqttClient, room: string, clockOffsetMs: number): Promise<void> {
    const seq = (seqs.get(room) ?? 0) + 1;
    seqs.set(room, seq);
    const at = Date.now() + clockOffsetMs;
    const event: RoomEvent = {
      id: ids(at),
      type: 'sensor.changed',
      room,
      seq,
      at,
      data: { sensor: 'door', value: seq % 2 === 0 },
    };
    await client.publishAsync(roomTopic(STORE, room, 'events'), JSON.stringify(event), { qos: 1 });
  }

  const skewAlerts = async () =>
    (await g.api<{ alerts: StoreAlert[] }>('/api/alerts')).body.alerts.filter((a) => a.code === 'clockSkew');

  it('a clock ten minutes ahead raises one alert for that room; a right clock does not', async () => {
    await door(room102, '102', 0);
    assert.deepEqual(await skewAlerts(), []);
    await door(room101, '101', 10 * MIN);
    await door(room101, '101', 10 * MIN);
    const alerts = await skewAlerts();
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]?.subject, '101');
    assert.equal(alerts[0]?.detail.direction, 'ahead');
    assert.ok(Math.abs(Number(alerts[0]?.detail.skewSec) - 600) <= 2, String(alerts[0]?.detail.skewSec));
    assert.ok(g.logs.some((l) => l.msg === 'room agent clock is off' && l.room === '101'));
  });

  it('clears when the room clock is back in range', async () => {
    await door(room101, '101', 1000);
    assert.deepEqual(await skewAlerts(), []);
    assert.ok(g.logs.some((l) => l.msg === 'room agent clock back in range' && l.room === '101'));
  });

  it('the downlink view is served (nothing pushed yet, no key configured)', async () => {
    const view = await g.api<{
      applied: { ratePlans: unknown };
      trustedKeys: string[];
      ratePlans: { overridden: boolean }[];
    }>('/api/cloud/downlink');
    assert.equal(view.status, 200);
    assert.equal(view.body.applied.ratePlans, null);
    assert.deepEqual(view.body.trustedKeys, []);
    assert.ok(view.body.ratePlans.length > 0 && view.body.ratePlans.every((r) => !r.overridden));
  });
});
