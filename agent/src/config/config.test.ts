import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { KtvError } from '@ktv/protocol';
import { configFromBundle } from './bundle.js';
import { loadConfigFile } from './load.js';
import { validateConfig } from './validate.js';

const minimal = {
  storeId: 'demo',
  roomId: '101',
  roomName: '101',
  gateway: { mqttUrl: 'mqtt://127.0.0.1:1883', username: 'room-101', password: 'pw' },
};

function withPatch(patch: (c: Record<string, unknown>) => void): Record<string, unknown> {
  const c = structuredClone(minimal) as Record<string, unknown>;
  patch(c);
  return c;
}

describe('validateConfig', () => {
  it('fills every default from the schema', () => {
    const r = validateConfig(minimal);
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(r.value, {
      ...minimal,
      version: 1,
      dataDir: '/var/lib/ktv-agent',
      gateway: { ...minimal.gateway, keepaliveS: 15 },
      web: { host: '0.0.0.0', port: 8090 },
      sensors: {
        driver: 'sim',
        debounceMs: 30,
        pirHoldMs: 10000,
        gpio: {
          chip: '',
          door: { line: 'GPIO17', bias: 'pull-up', activeLow: false },
          motion: { line: 'GPIO27', bias: 'pull-down', activeLow: false },
          callButton: { line: 'GPIO22', bias: 'pull-up', activeLow: true },
        },
      },
      outputs: {
        driver: 'sim',
        chip: '',
        lines: [
          { name: 'tvPower', line: 'GPIO5', activeLow: false, initial: false },
          { name: 'ampPower', line: 'GPIO6', activeLow: false, initial: false },
        ],
      },
      lights: {
        driver: 'sim',
        channels: { main: [1], red: [2], green: [3], blue: [4], white: [5], strobe: [6] },
        dmx: { port: '/dev/ttyUSB0', slots: 24, baud: 115200 },
        relays: {},
        threshold: 128,
      },
      tv: { driver: 'sim', cec: { device: '/dev/cec0', osdName: 'KTV' } },
      lang: 'zh-CN',
      player: {
        driver: 'sim',
        mpvPath: 'mpv',
        extraArgs: [],
        defaultVocalMode: 'vocalsOn',
        backgroundVolume: 40,
        positionSaveMs: 2000,
      },
      catalog: { file: '', source: 'file', gatewayHttpUrl: '' },
      mediaCache: { dir: '', maxBytes: 21474836480, prefetch: 5 },
      amp: {
        driver: 'mpv',
        bus: 1,
        mic: 'none',
        alsa: { card: '0', musicControl: 'Master', micControl: 'Capture' },
        musicMax: 80,
        initialMusic: 40,
        initialMic: 50,
        power: 'relay',
      },
    });
  });

  it('does not mutate its input, and defaults are fresh objects', () => {
    const input = structuredClone(minimal);
    const a = validateConfig(input);
    const b = validateConfig(input);
    assert.deepEqual(input, minimal);
    assert.ok(a.ok && b.ok);
    assert.notEqual(a.value.web, b.value.web);
  });

  const cases: { name: string; config: unknown; errors: string[] }[] = [
    {
      name: 'negative debounce',
      config: withPatch((c) => {
        c.sensors = { debounceMs: -1 };
      }),
      errors: ['/sensors/debounceMs must be >= 0'],
    },
    {
      name: 'missing required fields, all reported',
      config: { gateway: {} },
      errors: [
        "/ must have required property 'storeId'",
        "/ must have required property 'roomId'",
        "/ must have required property 'roomName'",
        "/gateway must have required property 'mqttUrl'",
        "/gateway must have required property 'username'",
        "/gateway must have required property 'password'",
      ],
    },
    {
      name: 'unknown property',
      config: withPatch((c) => {
        c.colour = 'red';
      }),
      errors: ['/ must not have property "colour"'],
    },
    {
      name: 'unknown sensor driver',
      config: withPatch((c) => {
        c.sensors = { driver: 'onoff' };
      }),
      errors: ['/sensors/driver must be one of "sim", "gpiod"'],
    },
    {
      name: 'a GPIO line with an unknown bias, an output without a line, an unknown light driver',
      config: withPatch((c) => {
        c.sensors = { driver: 'gpiod', gpio: { door: { line: 'GPIO17', bias: 'pull-sideways' } } };
        c.outputs = { driver: 'gpiod', lines: [{ name: 'tvPower' }] };
        c.lights = { driver: 'laser' };
      }),
      errors: [
        '/sensors/gpio/door/bias must be one of "as-is", "pull-up", "pull-down", "disabled"',
        "/outputs/lines/0 must have required property 'line'",
        '/lights/driver must be one of "sim", "dmx", "relays", "none"',
      ],
    },
    {
      name: 'future version',
      config: withPatch((c) => {
        c.version = 2;
      }),
      errors: ['/version must be one of 1'],
    },
    {
      name: 'bad room id and port',
      config: withPatch((c) => {
        c.roomId = '1/01';
        c.web = { port: 70000 };
      }),
      errors: ['/roomId must match pattern "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"', '/web/port must be <= 65535'],
    },
    {
      name: 'bad language',
      config: withPatch((c) => {
        c.lang = 'fr';
      }),
      errors: ['/lang must be one of "zh-CN", "en"'],
    },
    {
      name: 'bad player section',
      config: withPatch((c) => {
        c.player = { driver: 'vlc', backgroundVolume: 120, extraArgs: [''] };
      }),
      errors: [
        '/player/driver must be one of "mpv", "sim"',
        '/player/extraArgs/0 must NOT have fewer than 1 characters',
        '/player/backgroundVolume must be <= 100',
      ],
    },
    { name: 'not an object', config: [], errors: ['/ must be object'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = validateConfig(c.config);
      assert.equal(r.ok, false);
      assert.deepEqual(r.ok ? [] : r.errors, c.errors);
    });
  }
});

describe('configFromBundle', () => {
  const bundle = {
    version: 1 as const,
    kind: 'room' as const,
    storeId: 'demo',
    roomId: '101',
    roomName: '101 小包',
    deviceId: 'room-101',
    mqttUrl: 'mqtt://127.0.0.1:1883',
    username: 'room-101',
    password: 'secret',
  };
  it('gives a valid config with overrides', () => {
    const r = validateConfig(
      configFromBundle(bundle, { dataDir: '/tmp/x', web: { port: 0 }, sensors: { debounceMs: 5 } }),
    );
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.value.gateway.username, 'room-101');
    assert.equal(r.value.dataDir, '/tmp/x');
    assert.equal(r.value.web.port, 0);
    assert.equal(r.value.web.host, '0.0.0.0');
    assert.equal(r.value.sensors.debounceMs, 5);
  });
});

describe('loadConfigFile', () => {
  it('reads configs and bundles; reports JSON and schema errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ktv-agent-config-'));
    try {
      const good = join(dir, 'good.json');
      await writeFile(good, JSON.stringify(minimal));
      assert.equal((await loadConfigFile(good)).roomId, '101');

      const bundle = join(dir, 'bundle.json');
      await writeFile(
        bundle,
        JSON.stringify({
          version: 1,
          kind: 'room',
          storeId: 's',
          roomId: '7',
          roomName: '7',
          deviceId: 'room-7',
          mqttUrl: 'mqtt://h:1',
          username: 'room-7',
          password: 'p',
        }),
      );
      assert.equal((await loadConfigFile(bundle)).gateway.username, 'room-7');

      const notJson = join(dir, 'bad.json');
      await writeFile(notJson, '{ nope');
      await assert.rejects(loadConfigFile(notJson), (e: unknown) => e instanceof KtvError && e.code === 'KTV_E_CONFIG');

      const invalid = join(dir, 'invalid.json');
      await writeFile(invalid, JSON.stringify({ ...minimal, sensors: { debounceMs: -3 } }));
      await assert.rejects(
        loadConfigFile(invalid),
        (e: unknown) => e instanceof KtvError && e.details.includes('/sensors/debounceMs must be >= 0'),
      );
      await assert.rejects(loadConfigFile(join(dir, 'missing.json')), KtvError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('accepts the example configs', async () => {
    const { fileURLToPath } = await import('node:url');
    for (const name of ['room-101.json', 'minimal.json']) {
      const path = fileURLToPath(new URL(`../../../firmware-config/examples/${name}`, import.meta.url));
      await loadConfigFile(path);
    }
  });
});
