import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canPublish, canSubscribe, type Principal } from './acl.js';

const room101: Principal = { kind: 'room', deviceId: 'room-101', room: '101' };
const monitor: Principal = { kind: 'monitor', deviceId: 'monitor-desk' };
const S = 'ktv/v1/demo';

const publishCases: [Principal, string, boolean][] = [
  [room101, `${S}/rooms/101/state`, true],
  [room101, `${S}/rooms/101/online`, true],
  [room101, `${S}/rooms/101/events`, true],
  [room101, `${S}/rooms/101/cmd`, false],
  [room101, `${S}/rooms/102/state`, false],
  [room101, `${S}/rooms/102/events`, false],
  [room101, `${S}/store/gateway`, false],
  [room101, 'ktv/v1/other/rooms/101/state', false],
  [room101, `${S}/rooms/101/state/extra`, false],
  [room101, '$SYS/x', false],
  [room101, 'anything', false],
  [monitor, `${S}/rooms/101/state`, false],
  [monitor, `${S}/store/gateway`, false],
];

for (const [who, topic, expected] of publishCases) {
  test(`publish ${who.deviceId} ${topic} -> ${expected}`, () => {
    assert.equal(canPublish('demo', who, topic).ok, expected);
  });
}

const subscribeCases: [Principal, string, boolean][] = [
  [room101, `${S}/rooms/101/cmd`, true],
  [room101, `${S}/store/#`, true],
  [room101, `${S}/store/gateway`, true],
  [room101, `${S}/store/+`, false],
  [room101, `${S}/rooms/102/cmd`, false],
  [room101, `${S}/rooms/+/cmd`, false],
  [room101, `${S}/rooms/101/state`, false],
  [room101, `${S}/rooms/101/#`, false],
  [room101, `${S}/#`, false],
  [room101, '#', false],
  [room101, 'ktv/v1/other/rooms/101/cmd', false],
  [monitor, `${S}/#`, true],
  [monitor, `${S}/rooms/+/state`, true],
  [monitor, `${S}/rooms/102/cmd`, true],
  [monitor, '#', false],
  [monitor, 'ktv/v1/+/rooms/101/state', false],
  [monitor, 'ktv/v1/other/#', false],
  [monitor, `${S}/`, false],
  [monitor, '$SYS/#', false],
];

for (const [who, filter, expected] of subscribeCases) {
  test(`subscribe ${who.deviceId} ${filter} -> ${expected}`, () => {
    assert.equal(canSubscribe('demo', who, filter).ok, expected);
  });
}

test('a refusal says why', () => {
  const d = canPublish('demo', room101, `${S}/rooms/102/state`);
  assert.equal(d.ok, false);
  assert.match(d.ok ? '' : d.reason, /room 101 may not publish/);
});
