import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BundleAddressError, type BundleAddressInput, bundleAddresses } from './bundle-addresses.js';

const base = { host: 'localhost', mqttPort: 1883, httpPort: 8080 };

test('a bundle carries the broker and the HTTP base; HTTP defaults to the broker host on the HTTP port', () => {
  const cases: [string, BundleAddressInput, { mqttUrl: string; httpUrl: string }][] = [
    ['nothing given', base, { mqttUrl: 'mqtt://localhost:1883', httpUrl: 'http://localhost:8080' }],
    [
      'the LAN address given as --mqtt-url',
      { ...base, mqttUrl: 'mqtt://192.168.1.10:1883' },
      { mqttUrl: 'mqtt://192.168.1.10:1883', httpUrl: 'http://192.168.1.10:8080' },
    ],
    [
      'a gateway whose HTTP port is not 8080',
      { ...base, mqttUrl: 'mqtt://192.168.1.10:1883', httpPort: 80 },
      { mqttUrl: 'mqtt://192.168.1.10:1883', httpUrl: 'http://192.168.1.10:80' },
    ],
    [
      'the host the admin request reached',
      { host: '10.0.0.2', mqttPort: 21883, httpPort: 18080 },
      { mqttUrl: 'mqtt://10.0.0.2:21883', httpUrl: 'http://10.0.0.2:18080' },
    ],
    [
      'IPv6 without brackets',
      { host: 'fd00::2', mqttPort: 1883, httpPort: 8080 },
      { mqttUrl: 'mqtt://[fd00::2]:1883', httpUrl: 'http://[fd00::2]:8080' },
    ],
    [
      'IPv6 in a given MQTT URL',
      { ...base, mqttUrl: 'mqtts://[fd00::2]:8883' },
      { mqttUrl: 'mqtts://[fd00::2]:8883', httpUrl: 'http://[fd00::2]:8080' },
    ],
    [
      'a name without a port',
      { ...base, mqttUrl: 'mqtts://gw.store.local' },
      { mqttUrl: 'mqtts://gw.store.local', httpUrl: 'http://gw.store.local:8080' },
    ],
    [
      'an explicit HTTP address wins, trailing slashes dropped',
      { ...base, mqttUrl: 'mqtt://192.168.1.10:1883', httpUrl: 'https://gw.example/ktv//' },
      { mqttUrl: 'mqtt://192.168.1.10:1883', httpUrl: 'https://gw.example/ktv' },
    ],
  ];
  for (const [name, input, want] of cases) assert.deepEqual(bundleAddresses(input), want, name);
});

test('malformed addresses are refused with a BundleAddressError', () => {
  const cases: [string, BundleAddressInput, RegExp][] = [
    ['not a URL', { ...base, mqttUrl: 'mqtt://[::1' }, /MQTT address .* is not a URL/],
    ['an HTTP URL as the broker', { ...base, mqttUrl: 'http://10.0.0.2:1883' }, /must be mqtt:\/\/HOST or mqtts/],
    ['a broker URL as HTTP', { ...base, httpUrl: 'mqtt://10.0.0.2:8080' }, /HTTP address .* must be http:/],
    ['no host', { ...base, httpUrl: 'http://' }, /HTTP address/],
  ];
  for (const [name, input, message] of cases) {
    assert.throws(
      () => bundleAddresses(input),
      (e: unknown) => e instanceof BundleAddressError && message.test(e.message),
      name,
    );
  }
});
