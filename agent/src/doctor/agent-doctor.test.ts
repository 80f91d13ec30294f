import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { compile, DoctorReport, type DoctorResult, storeTopic } from '@ktv/protocol';
import { connect } from 'mqtt';
import { pino } from 'pino';
import { createAgent } from '../agent.js';
import { CatalogFiles } from '../catalog/replica/catalog-files.js';
import { loadConfigFile } from '../config/load.js';
import { createMax9744Amp } from '../hardware/amp/max9744.js';
import { SimI2cBus, simOpenBus } from '../hardware/amp/sim/sim-bus.js';
import { freePort, startBroker } from '../testing/broker.js';
import { waitUntil } from '../testing/wait.js';
import { type AgentDoctorDeps, runAgentDoctor } from './agent-doctor.js';
import { connectOnce } from './checks/gateway.js';
import { SimLineLookup } from './checks/gpio.js';
import { doctorCommand } from './cli.js';
import { AGENT_BIN, type RealGateway, startRealGateway } from './testing/real-gateway.js';

const checkReport = compile(DoctorReport);

let root: string;
let gateway: RealGateway;
let n = 0;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'ktv-doctor-'));
  await chmod(root, 0o755);
  await mkdir(join(root, 'gateway-data'));
  gateway = await startRealGateway(join(root, 'gateway-data'));
});

after(async () => {
  await gateway?.stop();
  await rm(root, { recursive: true, force: true });
});

/** A room config against the real gateway: sim sensors and amp, real mpv with --ao=null, a local catalog. */
async function roomConfig(over: (c: Record<string, unknown>) => void = () => undefined) {
  n += 1;
  const dir = join(root, `room-${n}`);
  const dataDir = join(dir, 'data');
  await mkdir(dataDir, { recursive: true });
  await chmod(dir, 0o755);
  await chmod(dataDir, 0o777);
  const catalogFile = join(dir, 'catalog.json');
  await writeFile(
    catalogFile,
    JSON.stringify({
      version: 1,
      songs: [{ id: 's1', title: '月亮代表我的心', artist: '邓丽君', durationMs: 1000, media: 'a.mp4' }],
    }),
  );
  const config: Record<string, unknown> = {
    storeId: gateway.room.storeId,
    roomId: gateway.room.roomId,
    roomName: '101',
    dataDir,
    gateway: { mqttUrl: gateway.room.mqttUrl, username: gateway.room.username, password: gateway.room.password },
    catalog: { file: catalogFile, source: 'file', gatewayHttpUrl: `http://127.0.0.1:${gateway.httpPort}` },
    player: { driver: 'mpv', extraArgs: ['--ao=null'] },
    amp: { driver: 'sim' },
  };
  over(config);
  const file = join(dir, 'config.json');
  await writeFile(file, JSON.stringify(config, null, 2));
  await chmod(file, 0o644);
  return { file, dir, dataDir };
}

async function doctor(file: string, deps: Partial<AgentDoctorDeps> = {}) {
  const report = await runAgentDoctor({ configFile: file, lang: 'en', deps });
  assert.ok(checkReport(report).ok, 'the report matches its schema');
  const by = (check: string): DoctorResult => {
    const r = report.results.find((x) => x.check === check);
    assert.ok(r, `no result for ${check}`);
    return r;
  };
  return { report, by };
}

function assertFault(report: DoctorReport, code: string) {
  assert.equal(report.ok, false);
  assert.deepEqual(report.faults, [code], JSON.stringify(report.results, null, 1));
}

describe('ktv-agent doctor against a real gateway', () => {
  it('passes every check on a healthy room (real gateway, real mpv, sim GPIO and amp)', async () => {
    const { file } = await roomConfig();
    const { report, by } = await doctor(file);
    assert.deepEqual(report.faults, [], JSON.stringify(report.results, null, 1));
    assert.equal(report.ok, true);
    assert.equal(by('gateway').status, 'ok');
    assert.equal(by('clock').status, 'ok');
    assert.equal(by('mpv').status, 'ok');
    assert.equal(by('gpio').message, '3 line(s) found: door (sim), motion (sim), callButton (sim)');
    assert.equal(by('amp').status, 'ok');
    assert.equal(by('catalog').message.endsWith('1 songs'), true);
  });

  it('D101: a config that does not validate; the rest is skipped, exit code 1', async () => {
    const { file } = await roomConfig((c) => {
      c.roomId = 'no spaces allowed';
    });
    const { report, by } = await doctor(file);
    assertFault(report, 'D101');
    assert.match(by('config').detail ?? '', /roomId/);
    assert.ok(report.results.slice(1).every((r) => r.status === 'skip'));
    const out: string[] = [];
    const code = await doctorCommand(['--config', file], { stdout: (t) => out.push(t), stderr: (t) => out.push(t) });
    assert.equal(code, 1);
    assert.match(out.join(''), /\[故障 D101\] 配置文件: 配置文件无法读取或无效/);
    assert.match(out.join(''), /处理: /);
  });

  it('D102: a read-only data folder (the CLI as an unprivileged user), exit code 1', async () => {
    const { file, dataDir } = await roomConfig();
    await chmod(dataDir, 0o555);
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const result = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [AGENT_BIN, 'doctor', '--config', file, '--json'], {
        ...asUser,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout: stdout || stderr }));
    });
    assert.equal(result.code, 1);
    const report = JSON.parse(result.stdout) as DoctorReport;
    assert.ok(checkReport(report).ok);
    assert.ok(report.faults.includes('D102'), result.stdout);
    const data = report.results.find((r) => r.check === 'dataDir');
    assert.match(data?.detail ?? '', /EACCES|EROFS|EPERM/);
    assert.equal(report.lang, 'zh-CN');
  });

  it('D103: less free space than the threshold', async () => {
    const { file } = await roomConfig();
    const { report, by } = await doctor(file, { minFreeBytes: Number.MAX_SAFE_INTEGER });
    assertFault(report, 'D103');
    assert.match(by('dataDir').message, /low on space/);
  });

  it("D104: this clock is a minute off the gateway's", async () => {
    const { file } = await roomConfig();
    const { report, by } = await doctor(file, { now: () => Date.now() + 60_000 });
    assertFault(report, 'D104');
    assert.match(by('clock').message, /^this clock is (59|60)\.\d s off the gateway/);
  });

  it('D105: mpv missing, and a hung mpv stopped at its time limit', async () => {
    const missing = await roomConfig((c) => {
      c.player = { driver: 'mpv', mpvPath: '/nonexistent/mpv', extraArgs: ['--ao=null'] };
    });
    const r1 = await doctor(missing.file);
    assertFault(r1.report, 'D105');
    assert.match(r1.by('mpv').detail ?? '', /ENOENT/);

    const hung = join(root, 'hung-mpv');
    await writeFile(hung, '#!/bin/sh\nexec sleep 60\n', { mode: 0o755 });
    const hangs = await roomConfig((c) => {
      c.player = { driver: 'mpv', mpvPath: hung, extraArgs: ['--ao=null'] };
    });
    const started = Date.now();
    const r2 = await doctor(hangs.file, { mpvTimeoutMs: 1000 });
    assert.ok(Date.now() - started < 8000, 'doctor did not wait for the hung mpv');
    assertFault(r2.report, 'D105');
    assert.match(r2.by('mpv').detail ?? '', /no answer within 1000 ms/);
  });

  it('D106: real mpv cannot open the configured audio output', async () => {
    const { file } = await roomConfig((c) => {
      c.player = { driver: 'mpv', extraArgs: ['--ao=alsa', '--audio-device=alsa/ktv-doctor-no-such-card'] };
    });
    const { report, by } = await doctor(file);
    assertFault(report, 'D106');
    assert.equal(by('mpv').message, 'mpv cannot open audio output alsa');
  });

  it('D107: a GPIO line the simulated driver does not have', async () => {
    const { file } = await roomConfig();
    const { report, by } = await doctor(file, {
      sensorLines: () => ({ names: ['door', 'motion', 'callButton'], lookup: new SimLineLookup(['door']) }),
    });
    assertFault(report, 'D107');
    assert.equal(by('gpio').message, 'GPIO line(s) not found: door');
  });

  it('D108: nothing answers at the amp address on the simulated I2C bus', async () => {
    const { file } = await roomConfig((c) => {
      c.amp = { driver: 'max9744', bus: 1 };
    });
    const emptyBus = new SimI2cBus(1);
    const { report, by } = await doctor(file, {
      createAmp: async (amp) => createMax9744Amp({ openBus: simOpenBus(emptyBus), bus: amp.bus }),
    });
    assertFault(report, 'D108');
    assert.equal(by('amp').message, 'amplifier max9744 does not answer (/dev/i2c-1, address 0x4b)');
    assert.match(by('amp').detail ?? '', /EREMOTEIO|no answer/);
  });

  it('D109: a stopped gateway (nothing listens); the clock check says why it is skipped', async () => {
    const port = await freePort();
    const http = await freePort();
    const { file } = await roomConfig((c) => {
      c.gateway = { mqttUrl: `mqtt://127.0.0.1:${port}`, username: 'room-101', password: 'x' };
      c.catalog = { ...(c.catalog as object), gatewayHttpUrl: `http://127.0.0.1:${http}` };
    });
    const { report, by } = await doctor(file);
    assertFault(report, 'D109');
    assert.match(by('gateway').detail ?? '', /ECONNREFUSED/);
    assert.equal(by('clock').status, 'skip');
  });

  it('D110: a wrong password is refused by the real gateway (CONNACK 4)', async () => {
    const { file } = await roomConfig((c) => {
      c.gateway = { ...(c.gateway as object), password: 'not-the-password' };
    });
    const { report, by } = await doctor(file);
    assertFault(report, 'D110');
    assert.match(by('gateway').detail ?? '', /^CONNACK 4/);
    assert.match(by('gateway').fix ?? '', /device add --room 101 --rotate/);
  });

  it('D111: the device is already connected from elsewhere (CONNACK 5); fine when the agent running here holds it', async () => {
    const webPort = await freePort();
    const { file } = await roomConfig((c) => {
      c.web = { host: '127.0.0.1', port: webPort };
      c.player = { driver: 'sim' };
    });
    const elsewhere = connect(gateway.room.mqttUrl, {
      clientId: gateway.room.username,
      username: gateway.room.username,
      password: gateway.room.password,
      reconnectPeriod: 0,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        elsewhere.once('connect', () => resolve());
        elsewhere.once('error', reject);
      });
      const { report, by } = await doctor(file);
      assertFault(report, 'D111');
      assert.match(by('gateway').detail ?? '', /^CONNACK 5/);
    } finally {
      await elsewhere.endAsync(true);
    }

    const agent = createAgent({ config: await loadConfigFile(file), logger: pino({ level: 'silent' }) });
    await agent.start();
    try {
      await waitUntil('the agent is connected', () => agent.state().connected, 10_000);
      const { report, by } = await doctor(file);
      assert.deepEqual(report.faults, [], JSON.stringify(report.results, null, 1));
      assert.equal(
        by('gateway').message,
        `account room-101 accepted; the connection to ${gateway.room.mqttUrl} is held by the ktv-agent running here`,
      );
    } finally {
      await agent.stop();
    }
    // The gateway lets go of the device's connection when it sees the socket close.
    const creds = gateway.room;
    for (let i = 0; ; i++) {
      const r = await connectOnce(creds, new AbortController().signal);
      if (r.kind === 'accepted') break;
      assert.ok(i < 100, `the gateway still refuses after the agent stopped: ${JSON.stringify(r)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  it('D112 / D113: a damaged catalog replica, and none at all', async () => {
    const none = await roomConfig((c) => {
      c.catalog = { ...(c.catalog as object), source: 'gateway' };
    });
    const r1 = await doctor(none.file);
    assertFault(r1.report, 'D113');

    const damaged = await roomConfig((c) => {
      c.catalog = { ...(c.catalog as object), source: 'gateway' };
    });
    const files = new CatalogFiles(join(damaged.dataDir, 'catalog'));
    await files.commit({ version: 3, createdAt: Date.now(), songs: [] });
    const good = await doctor(damaged.file);
    assert.equal(good.by('catalog').message, 'catalog version 3, 0 songs');
    assert.equal(good.report.ok, true, JSON.stringify(good.report.results, null, 1));
    await writeFile(join(damaged.dataDir, 'catalog', '3.json.gz'), 'torn');
    const r2 = await doctor(damaged.file);
    assertFault(r2.report, 'D112');
  });

  it("D116: the replica is behind the version the gateway's retained announcement names", async () => {
    const broker = await startBroker();
    try {
      const announcement = {
        version: 5,
        songs: 0,
        snapshot: { path: '/library/catalog/5.json.gz', sha256: 'a'.repeat(64), bytes: 10 },
        deltas: [],
        at: Date.now(),
      };
      await new Promise<void>((resolve, reject) =>
        broker.broker.publish(
          {
            cmd: 'publish',
            topic: storeTopic('demo', 'catalog'),
            payload: Buffer.from(JSON.stringify(announcement)),
            qos: 1,
            retain: true,
            dup: false,
          },
          (err) => (err ? reject(err) : resolve()),
        ),
      );
      const { file, dataDir } = await roomConfig((c) => {
        c.gateway = { mqttUrl: `mqtt://127.0.0.1:${broker.port}`, username: 'room-101', password: 'x' };
        c.catalog = { ...(c.catalog as object), source: 'gateway' };
      });
      await new CatalogFiles(join(dataDir, 'catalog')).commit({ version: 3, createdAt: Date.now(), songs: [] });
      const behind = await doctor(file);
      assertFault(behind.report, 'D116');
      assert.equal(
        behind.by('catalog').message,
        "this room's catalog is behind the gateway's: version 3 here, 5 announced",
      );
      assert.equal(behind.by('gateway').detail, 'catalog version 5 announced');

      await new CatalogFiles(join(dataDir, 'catalog')).commit({ version: 5, createdAt: Date.now(), songs: [] });
      const current = await doctor(file);
      assert.equal(current.by('catalog').status, 'ok');
      assert.equal(current.by('catalog').detail, 'the gateway announces version 5');
    } finally {
      await broker.close();
    }
  });

  it('D114 / D115: a media cache folder that is a file, and a cache over its bound', async () => {
    const notDir = await roomConfig((c) => {
      c.catalog = { ...(c.catalog as object), source: 'gateway' };
    });
    await new CatalogFiles(join(notDir.dataDir, 'catalog')).commit({ version: 1, createdAt: Date.now(), songs: [] });
    await writeFile(join(notDir.dataDir, 'media-cache'), 'not a folder');
    const r1 = await doctor(notDir.file);
    assertFault(r1.report, 'D114');

    const over = await roomConfig((c) => {
      c.catalog = { ...(c.catalog as object), source: 'gateway' };
      c.mediaCache = { maxBytes: 1024 * 1024 };
    });
    await new CatalogFiles(join(over.dataDir, 'catalog')).commit({ version: 1, createdAt: Date.now(), songs: [] });
    await mkdir(join(over.dataDir, 'media-cache'));
    await writeFile(join(over.dataDir, 'media-cache', 's1.0123456789abcdef.mp4'), Buffer.alloc(2 * 1024 * 1024));
    const r2 = await doctor(over.file);
    assertFault(r2.report, 'D115');
    assert.equal(r2.by('mediaCache').message, 'media cache over its bound: 2.0 MB, bound 1 MB');
  });

  it('--json prints one report that matches its schema; usage errors exit 2', async () => {
    const { file } = await roomConfig();
    let out = '';
    const code = await doctorCommand(['--config', file, '--json', '--lang', 'en'], {
      stdout: (t) => (out += t),
      stderr: (t) => (out += t),
    });
    assert.equal(code, 0, out);
    const report = JSON.parse(out) as unknown;
    assert.ok(checkReport(report).ok);
    const quiet = { stdout: () => undefined, stderr: () => undefined };
    const nowhere = { config: join(root, 'no-such', 'agent.json'), data: join(root, 'no-such') };
    assert.equal(await doctorCommand([], quiet, {}, nowhere), 2);
    assert.equal(await doctorCommand(['--config', file, '--lang', 'fr'], quiet), 2);
  });

  it("without --config, the room box's own config and data folder are checked", async () => {
    const { file, dataDir } = await roomConfig((c) => {
      c.dataDir = '/nonexistent/overridden-by-the-room-box-data-folder';
    });
    let out = '';
    const io = { stdout: (t: string) => (out += t), stderr: (t: string) => (out += t) };
    const code = await doctorCommand(['--json', '--lang', 'en'], io, {}, { config: file, data: dataDir });
    assert.equal(code, 0, out);
    const report = JSON.parse(out) as DoctorReport;
    assert.equal(report.results.find((r) => r.check === 'dataDir')?.message.startsWith(`${dataDir} is writable`), true);
  });
});
