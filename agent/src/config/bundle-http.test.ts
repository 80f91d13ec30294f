import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gatewayHttpBase } from '../catalog/replica/gateway-http.js';
import { type ConfigOverrides, configFromBundle } from './bundle.js';
import type { RoomBundle } from './types.js';
import { validateConfig } from './validate.js';

const bundle: RoomBundle = {
  version: 1,
  kind: 'room',
  storeId: 's1',
  roomId: '101',
  roomName: '101',
  deviceId: 'room-101',
  mqttUrl: 'mqtt://192.168.1.10:1883',
  username: 'room-101',
  password: 'pw-123456',
};

test("the agent downloads catalog and media from the bundle's HTTP address", () => {
  const cases: [string, Partial<RoomBundle>, ConfigOverrides, string][] = [
    ['an old bundle: the MQTT host on 8080', {}, {}, 'http://192.168.1.10:8080'],
    ['the bundle names the HTTP address', { httpUrl: 'http://192.168.1.10:80' }, {}, 'http://192.168.1.10:80'],
    [
      'with board defaults that choose the gateway catalog',
      { httpUrl: 'http://192.168.1.10:8081' },
      { catalog: { source: 'gateway' } },
      'http://192.168.1.10:8081',
    ],
    [
      'a local setting wins over the bundle',
      { httpUrl: 'http://192.168.1.10:8081' },
      { catalog: { gatewayHttpUrl: 'http://10.9.9.9:9000' } },
      'http://10.9.9.9:9000',
    ],
  ];
  for (const [name, extra, overrides, want] of cases) {
    const r = validateConfig(configFromBundle({ ...bundle, ...extra }, overrides));
    assert.ok(r.ok, `${name}: ${JSON.stringify(r)}`);
    assert.equal(gatewayHttpBase(r.value.catalog.gatewayHttpUrl, r.value.gateway.mqttUrl), want, name);
    if (overrides.catalog?.source) assert.equal(r.value.catalog.source, overrides.catalog.source, name);
  }
});
