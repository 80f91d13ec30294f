import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createAgent } from '../agent.js';
import { loadConfigFile } from '../config/load.js';
import { validateConfig } from '../config/validate.js';
import { waitUntil } from '../testing/wait.js';
import { GpioTwin } from './testing/gpio-twin.js';

const REST = { GPIO17: 0, GPIO27: 0, GPIO22: 1 } as const;

async function agentConfig(patch: Record<string, unknown>) {
  const dataDir = await mkdtemp(join(tmpdir(), 'ktv-hw-agent-'));
  const r = validateConfig({
    storeId: 'store-1',
    roomId: '105',
    roomName: '105 中包',
    dataDir,
    // Nobody listens there: the link keeps retrying, the room runs on.
    gateway: { mqttUrl: 'mqtt://127.0.0.1:9', username: 'room-105', password: 'pw' },
    web: { host: '127.0.0.1', port: 0 },
    player: { driver: 'sim' },
    ...patch,
  });
  assert.ok(r.ok, JSON.stringify(r));
  return { config: r.value, dataDir };
}

describe('the agent on real-hardware drivers (libgpiod tool twins)', () => {
  it('refuses to start when a configured GPIO line is missing, naming the line and its role', async () => {
    const twin = await GpioTwin.create({ version: '1.6.3', levels: { ...REST } });
    const { config, dataDir } = await agentConfig({
      sensors: { driver: 'gpiod', gpio: { chip: 'pinctrl-bcm2711', motion: { line: 'GPIO99' } } },
    });
    try {
      const agent = createAgent({ config, logger: pino({ level: 'silent' }), hardwareEnv: twin.env });
      await assert.rejects(agent.start(), (e: unknown) => e instanceof Error && /"GPIO99" \(motion\)/.test(e.message));
      assert.equal(twin.monitorPid('GPIO17'), undefined, 'no line left held');
    } finally {
      await twin.cleanup();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a relay line held by another program, naming the holder', async () => {
    const twin = await GpioTwin.create({ version: '2.1.3', levels: { ...REST } });
    twin.hold('GPIO6', 'old-ktv-daemon', 'output');
    const { config, dataDir } = await agentConfig({ outputs: { driver: 'gpiod' } });
    try {
      const agent = createAgent({ config, logger: pino({ level: 'silent' }), hardwareEnv: twin.env });
      await assert.rejects(
        agent.start(),
        (e: unknown) => e instanceof Error && /GPIO6/.test(e.message) && /old-ktv-daemon/.test(e.message),
      );
    } finally {
      await twin.cleanup();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('runs the room on gpiomon and gpioset: a door edge reaches the room state, relays are held, stop releases all', async () => {
    const twin = await GpioTwin.create({ version: '2.1.3', levels: { ...REST } });
    const { config, dataDir } = await agentConfig({
      sensors: { driver: 'gpiod', debounceMs: 5 },
      outputs: {
        driver: 'gpiod',
        lines: [
          { name: 'tvPower', line: 'GPIO5' },
          { name: 'ampPower', line: 'GPIO6', activeLow: true },
        ],
      },
      lights: { driver: 'none' },
      tv: { driver: 'none' },
    });
    const agent = createAgent({ config, logger: pino({ level: 'silent' }), hardwareEnv: twin.env });
    try {
      await agent.start();
      assert.equal(agent.state().simulated, false);
      assert.equal(twin.line('GPIO5').live?.consumer, 'gpioset');
      assert.equal(twin.line('GPIO6').value, 1, 'active-low relay off = high');
      await twin.set('GPIO17', 1);
      await waitUntil('the door opens in the room state', () => agent.state().sensors.doorOpen);
      await agent.stop();
      for (const line of ['GPIO17', 'GPIO27', 'GPIO22', 'GPIO5', 'GPIO6'])
        assert.equal(twin.line(line).live, undefined, line);
    } finally {
      await agent.stop().catch(() => undefined);
      await twin.cleanup();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

it('the wired example config (firmware-config/examples/room-105-wired.json) is valid', async () => {
  const config = await loadConfigFile(
    fileURLToPath(new URL('../../../firmware-config/examples/room-105-wired.json', import.meta.url)),
  );
  assert.deepEqual(
    [config.sensors.driver, config.outputs.driver, config.lights.driver, config.tv.driver, config.amp.power],
    ['gpiod', 'gpiod', 'dmx', 'cec', 'i2c'],
  );
  assert.equal(config.outputs.lines[0]?.activeLow, true);
});
