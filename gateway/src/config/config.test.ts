import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KtvError } from '@ktv/protocol';
import { parseConfig } from './load.js';

test('an empty config gets every default and is frozen', () => {
  const config = parseConfig({});
  assert.deepEqual(config, {
    storeId: 'demo',
    mqtt: { host: '0.0.0.0', port: 1883, maxPacketBytes: 65536, maxConnectionsPerClientId: 1 },
    http: { host: '0.0.0.0', port: 8080 },
    business: { occupancyHoldSec: 120, emptyAfterMin: 20, snapshotEvery: 1000 },
    library: { pattern: '', chartsIntervalSec: 3600 },
    cloud: {
      ...config.cloud, // the downlink keys (gateway/src/cloud/downlink) are checked there
      enabled: false,
      transport: 'mqtt',
      mqtt: { url: 'mqtts://127.0.0.1:8883', inflight: 500, keepaliveSec: 30 },
      https: { url: 'https://127.0.0.1:8443/v1/events', batchMax: 2000, timeoutMs: 30000 },
      retryMinMs: 1000,
      retryMaxMs: 60000,
      readChunk: 2000,
    },
  });
  assert.ok(Object.isFrozen(config));
  assert.ok(Object.isFrozen(config.mqtt));
});

const cases: { name: string; input: unknown; errors: string[] }[] = [
  { name: 'wrong type', input: { mqtt: { port: 'x' } }, errors: ['/mqtt/port must be integer'] },
  { name: 'port out of range', input: { http: { port: 70000 } }, errors: ['/http/port must be <= 65535'] },
  { name: 'unknown key', input: { mqtt: { qos: 2 } }, errors: ['/mqtt must not have property "qos"'] },
  {
    name: 'charts more often than every 10 s',
    input: { library: { chartsIntervalSec: 5 } },
    errors: ['/library/chartsIntervalSec must be >= 10'],
  },
  {
    name: 'every error is reported',
    input: { storeId: 'bad store', http: { port: -1 }, extra: true },
    errors: [
      '/ must not have property "extra"',
      '/storeId must match pattern "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"',
      '/http/port must be >= 0',
    ],
  },
];

for (const c of cases) {
  test(`config error: ${c.name}`, () => {
    assert.throws(
      () => parseConfig(c.input),
      (e: unknown) => {
        assert.ok(e instanceof KtvError);
        assert.equal(e.code, 'KTV_E_CONFIG');
        assert.deepEqual([...e.details].sort(), [...c.errors].sort());
        return true;
      },
    );
  });
}

test('the input object is not modified', () => {
  const input = { mqtt: {} };
  parseConfig(input);
  assert.deepEqual(input, { mqtt: {} });
});
