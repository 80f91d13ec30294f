/**
 * The release executables (npm run release), run as executables, not through `node`: the x64
 * gateway and agent make a store end to end, and the arm64 ones run under qemu-user
 * (`qemu-aarch64-static -L /usr/aarch64-linux-gnu`): --version, `lyrics convert` giving the same
 * JSON as x64, and an arm64 agent going online on the x64 gateway with its i2c-bus addon loaded.
 * The build is done once and reused while its inputs are unchanged (dist/release/build-info.json).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SOFTWARE_VERSION } from '@ktv/protocol';
import { adminLogin, getJson } from '../testkit/http.js';
import { freePort } from '../testkit/net.js';
import { type LogLine, type RunningProgram, startProgram } from '../testkit/process.js';
import { makeTempDir } from '../testkit/temp.js';
import { waitUntil } from '../testkit/wait.js';
import { buildRelease } from './build.js';
import { type Arch, addonPath, executablePath, type Program, REPO_ROOT } from './targets.js';

/** How a test starts one executable: directly (x64) or through qemu-user (arm64). */
const commandOf = (program: Program, arch: Arch): string[] =>
  arch === 'x64'
    ? [executablePath(program, arch)]
    : ['qemu-aarch64-static', '-L', '/usr/aarch64-linux-gnu', executablePath(program, arch)];

/** qemu-user runs a whole Node start in software: seconds become tens of seconds on a busy machine. */
const ARM64_MS = 240_000;

function runExecutable(
  program: Program,
  arch: Arch,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const [file = '', ...prefix] = commandOf(program, arch);
  return new Promise((resolve) => {
    execFile(
      file,
      [...prefix, ...args],
      { env: { ...process.env, ...env }, timeout: ARM64_MS, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const LRC = `[ti:月亮代表我的心]
[ar:邓丽君]
[00:01.00]你问我爱你有多深
[00:05.50]我爱你有几分
[00:10.20]我的情也真 我的爱也真
[00:16.00]
`;

interface RoomsView {
  rooms: { room: string; online: boolean }[];
}

describe('release executables (npm run release)', { concurrency: true }, () => {
  const temp = makeTempDir('release');
  const started: RunningProgram[] = [];
  after(async () => {
    await Promise.all(started.map((p) => p.stop('SIGKILL')));
    temp.remove();
  });

  before(async () => {
    const t0 = Date.now();
    const built = await buildRelease();
    const rebuilt = built.filter((f) => !f.reused).map((f) => f.name);
    process.stderr.write(
      `release build: ${rebuilt.length === 0 ? 'all reused' : `built ${rebuilt.join(', ')}`} in ${Date.now() - t0} ms\n`,
    );
  });

  it('builds four executables and the i2c-bus addon for each target into dist/release', () => {
    for (const program of ['agent', 'gateway'] as const) {
      for (const arch of ['x64', 'arm64'] as const) {
        const file = executablePath(program, arch);
        assert.ok(existsSync(file), `${file} missing`);
        const head = readFileSync(file).subarray(0, 20);
        assert.equal(head.subarray(0, 4).toString('latin1'), '\x7fELF', `${file} is not an ELF executable`);
        // e_machine: 0x3e x86-64, 0xb7 AArch64
        assert.equal(head.readUInt16LE(18), arch === 'x64' ? 0x3e : 0xb7, `${file} has the wrong CPU`);
      }
    }
    for (const arch of ['x64', 'arm64'] as const) {
      assert.equal(readFileSync(addonPath(arch)).readUInt16LE(18), arch === 'x64' ? 0x3e : 0xb7);
    }
  });

  describe('x64', () => {
    it('answers --version and --help like npx ktv-agent / npx ktv-gateway', async () => {
      for (const program of ['agent', 'gateway'] as const) {
        const version = await runExecutable(program, 'x64', ['--version']);
        assert.equal(version.code, 0, version.stderr);
        assert.equal(version.stdout.trim(), SOFTWARE_VERSION);
        const help = await runExecutable(program, 'x64', ['--help']);
        assert.equal(help.code, 0, help.stderr);
        assert.match(help.stdout, new RegExp(`ktv-${program} --help \\| --version`));
      }
      const bad = await runExecutable('agent', 'x64', ['--no-such-option']);
      assert.equal(bad.code, 2, 'a bad option is a usage error, exit 2');
    });

    it('checks a config against the schema inside the executable', async () => {
      const file = join(temp.path, 'bad-config.json');
      writeFileSync(file, JSON.stringify({ version: 1, storeId: 's1', roomId: 7 }));
      const r = await runExecutable('agent', 'x64', ['config', 'check', file]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /roomId/);
    });

    it('without its i2c-bus addon the agent falls back to mpv volume with one warning, and starts', async () => {
      const dir = join(temp.path, 'no-addon');
      mkdirSync(dir, { recursive: true });
      const configFile = writeAgentConfig(dir, {
        roomId: '109',
        mqttUrl: 'mqtt://127.0.0.1:1',
        amp: { driver: 'max9744', bus: 250 },
      });
      const agent = startProgram('agent-no-addon', '', ['--config', configFile], {
        command: commandOf('agent', 'x64'),
        env: { KTV_I2C_ADDON: join(dir, 'missing.node') },
      });
      started.push(agent);
      const warning = await agent.waitForLog((l) => /i2c-bus native addon cannot be loaded/.test(l.msg ?? ''), 60_000);
      assert.equal(warning.fallback, 'mpv');
      await agent.waitForLog('agent ready', 60_000);
      assert.equal(await agent.stop('SIGTERM'), 0);
    });
  });

  describe('a store from the executables: x64 gateway, x64 agent, arm64 agent under qemu', () => {
    let gateway: RunningProgram;
    let adminUrl = '';
    let token = '';
    let mqttPort = 0;
    let gatewayHttpUrl = '';
    const password = 'release-test-pw';
    const bundles = new Map<string, { username: string; password: string }>();
    const roomOnline = (room: string) =>
      waitUntil(
        `room ${room} online on the admin API`,
        async () => {
          const { rooms } = await getJson<RoomsView>(`${adminUrl}api/rooms`, token);
          return rooms.find((r) => r.room === room && r.online) ? true : undefined;
        },
        { timeoutMs: ARM64_MS, everyMs: 250 },
      );

    before(async () => {
      const gatewayDir = join(temp.path, 'gateway');
      mkdirSync(gatewayDir, { recursive: true });
      mqttPort = await freePort();
      const httpPort = await freePort();
      const gatewayConfig = join(gatewayDir, 'config.json');
      writeFileSync(
        gatewayConfig,
        JSON.stringify({
          storeId: 's1',
          mqtt: { host: '127.0.0.1', port: mqttPort },
          http: { host: '127.0.0.1', port: httpPort },
        }),
      );
      // A generated library: the x64 room takes it as its catalog, indexed in a worker thread.
      const library = join(temp.path, 'library');
      const generated = await runExecutable('gateway', 'x64', [
        'library',
        'generate',
        '--songs',
        '300',
        '--out',
        library,
      ]);
      assert.equal(generated.code, 0, generated.stderr);
      const imported = await runExecutable('gateway', 'x64', [
        'library',
        'import',
        join(library, 'catalog.json'),
        '--data',
        gatewayDir,
      ]);
      assert.equal(imported.code, 0, imported.stderr);
      gatewayHttpUrl = `http://127.0.0.1:${httpPort}`;
      for (const room of ['101', '102']) {
        const out = join(temp.path, `bundle-${room}.json`);
        const r = await runExecutable('gateway', 'x64', [
          'device',
          'add',
          '--room',
          room,
          '--data',
          gatewayDir,
          '--config',
          gatewayConfig,
          '--out',
          out,
        ]);
        assert.equal(r.code, 0, `device add --room ${room}: ${r.stderr}${r.stdout}`);
        bundles.set(room, JSON.parse(readFileSync(out, 'utf8')) as { username: string; password: string });
      }
      gateway = startProgram('gateway', '', ['--data', gatewayDir, '--config', gatewayConfig], {
        command: commandOf('gateway', 'x64'),
        env: { KTV_ADMIN_PASSWORD: password },
      });
      started.push(gateway);
      adminUrl = String((await gateway.waitForLog('gateway ready', 60_000)).adminUrl);
      token = await adminLogin(adminUrl, password);
    });

    const startAgent = (room: string, arch: Arch, extra: Record<string, unknown> = {}) => {
      const dir = join(temp.path, `room-${room}`);
      mkdirSync(dir, { recursive: true });
      const credentials = bundles.get(room);
      assert.ok(credentials, `no bundle for room ${room}`);
      const configFile = writeAgentConfig(dir, {
        roomId: room,
        mqttUrl: `mqtt://127.0.0.1:${mqttPort}`,
        ...credentials,
        ...extra,
      });
      const agent = startProgram(`agent-${room}-${arch}`, '', ['--config', configFile], {
        command: commandOf('agent', arch),
      });
      started.push(agent);
      return agent;
    };

    it('serves the admin page from inside the gateway executable', async () => {
      for (const [url, file] of [
        [adminUrl, 'gateway/ui/public/index.html'],
        [`${adminUrl}ui/business-api.js`, 'gateway/ui/dist/business-api.js'],
      ] as const) {
        const res = await fetch(url);
        assert.equal(res.status, 200, url);
        assert.equal(await res.text(), readFileSync(join(REPO_ROOT, file), 'utf8'), `${url} differs from ${file}`);
      }
    });

    it('the x64 agent executable goes online, serves its touch page, loads its addon, indexes the catalog in a worker', async () => {
      const agent = startAgent('101', 'x64', {
        catalog: { source: 'gateway', gatewayHttpUrl },
        amp: { driver: 'max9744', bus: 251 },
      });
      // The x64 addon beside the executable loaded: it is what reports the missing bus.
      const ampError = await agent.waitForLog((l) => /\/dev\/i2c-251/.test(String(l.err ?? '')), 60_000);
      assert.match(String(ampError.err), /ENOENT/);
      const ready = await agent.waitForLog('agent ready', 60_000);
      await roomOnline('101');
      // The catalog version is decoded and indexed in a worker (a bundled SEA asset run as an eval'd worker).
      const updated = await agent.waitForLog('catalog updated', 60_000);
      assert.equal(updated.songs, 300);
      const touchUrl = String(ready.touchUrl);
      const page = await fetch(touchUrl);
      assert.equal(page.status, 200);
      assert.equal(await page.text(), readFileSync(join(REPO_ROOT, 'agent/ui/public/index.html'), 'utf8'));
      const script = await fetch(`${touchUrl}ui/main.js`);
      assert.equal(await script.text(), readFileSync(join(REPO_ROOT, 'agent/ui/dist/main.js'), 'utf8'));
    });

    it('an arm64 agent under qemu goes online on the x64 gateway, its i2c-bus addon loaded', async () => {
      // No /dev/i2c-250 here: the addon itself reports the missing bus, so it was loaded and ran.
      const agent = startAgent('102', 'arm64', { amp: { driver: 'max9744', bus: 250 } });
      const ampError = await agent.waitForLog((l) => /\/dev\/i2c-250/.test(String(l.err ?? '')), ARM64_MS);
      assert.match(String(ampError.err), /ENOENT/);
      await agent.waitForLog('agent ready', ARM64_MS);
      await roomOnline('102');
      const fallback = agent.logs.find((l: LogLine) => /addon cannot be loaded/.test(l.msg ?? ''));
      assert.equal(fallback, undefined, 'the arm64 addon beside the executable must load');
    });
  });

  describe('arm64 under qemu-user', () => {
    it('answers --version (agent and gateway)', async () => {
      const [agent, gateway] = await Promise.all([
        runExecutable('agent', 'arm64', ['--version']),
        runExecutable('gateway', 'arm64', ['--version']),
      ]);
      assert.equal(agent.code, 0, agent.stderr);
      assert.equal(agent.stdout.trim(), SOFTWARE_VERSION);
      assert.equal(gateway.code, 0, gateway.stderr);
      assert.equal(gateway.stdout.trim(), SOFTWARE_VERSION);
    });

    it('lyrics convert gives the same JSON as the x64 executable', async () => {
      const file = join(temp.path, 'moon.lrc');
      writeFileSync(file, LRC);
      const [x64, arm64] = await Promise.all([
        runExecutable('agent', 'x64', ['lyrics', 'convert', file]),
        runExecutable('agent', 'arm64', ['lyrics', 'convert', file]),
      ]);
      assert.equal(x64.code, 0, x64.stderr);
      assert.equal(arm64.code, 0, arm64.stderr);
      const parsed = JSON.parse(x64.stdout) as { lines?: unknown[] };
      assert.ok(Array.isArray(parsed.lines) && parsed.lines.length === 3, x64.stdout);
      assert.equal(arm64.stdout, x64.stdout);
    });
  });
});

/** A room's agent config (simulated sensors, no catalog); returns its path (mode 0600). */
function writeAgentConfig(
  dir: string,
  room: {
    roomId: string;
    mqttUrl: string;
    username?: string;
    password?: string;
    amp?: Record<string, unknown>;
    catalog?: Record<string, unknown>;
  },
): string {
  const config = {
    version: 1,
    storeId: 's1',
    roomId: room.roomId,
    roomName: `${room.roomId} 包厢`,
    dataDir: join(dir, 'data'),
    gateway: {
      mqttUrl: room.mqttUrl,
      username: room.username ?? `room-${room.roomId}`,
      password: room.password ?? 'x',
    },
    web: { host: '127.0.0.1', port: 0 },
    sensors: { driver: 'sim' },
    ...(room.amp ? { amp: room.amp } : {}),
    ...(room.catalog ? { catalog: room.catalog } : {}),
  };
  const file = join(dir, 'config.json');
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  chmodSync(file, 0o600);
  return file;
}
