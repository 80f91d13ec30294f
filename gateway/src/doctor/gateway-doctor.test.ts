import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFile, chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { compile, DoctorReport, type DoctorResult } from '@ktv/protocol';
import { parseConfig } from '../config/load.js';
import { createGateway, JOURNAL_DIR } from '../gateway.js';
import { Journal } from '../journal/index.js';
import type { LibraryEntry } from '../library/entry.js';
import { LibraryStore } from '../library/library-store.js';
import { silentLogger } from '../logger.js';
import { ntpOutcome, type TimedatectlResult } from './checks/ntp.js';
import { doctorCommand } from './cli.js';
import { type GatewayDoctorDeps, runGatewayDoctor } from './gateway-doctor.js';

const checkReport = compile(DoctorReport);
const GATEWAY_BIN = fileURLToPath(new URL('../../bin/ktv-gateway.js', import.meta.url));
const synced = async (): Promise<TimedatectlResult> => ({ ok: true, stdout: 'NTP=yes\nNTPSynchronized=yes\n' });
const unsynced = async (): Promise<TimedatectlResult> => ({ ok: true, stdout: 'NTP=yes\nNTPSynchronized=no\n' });

let root: string;
let n = 0;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'ktv-gw-doctor-'));
  await chmod(root, 0o755);
});
after(() => rm(root, { recursive: true, force: true }));

const sockets = new WeakMap<Server, Set<Socket>>();

/** A plain TCP listener (another program holding a port): accepts and never answers. */
async function listenOn(port = 0): Promise<Server> {
  const held = new Set<Socket>();
  const server = createServer((socket) => {
    held.add(socket);
    socket.on('close', () => held.delete(socket));
  });
  sockets.set(server, held);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return server;
}
const portOf = (s: Server): number => {
  const a = s.address();
  if (typeof a !== 'object' || a === null) throw new Error('no address');
  return a.port;
};
const close = (s: Server) =>
  new Promise<void>((resolve) => {
    s.close(() => resolve());
    for (const socket of sockets.get(s) ?? []) socket.destroy();
  });
async function freePort(): Promise<number> {
  const s = await listenOn();
  const port = portOf(s);
  await close(s);
  return port;
}

/** A data folder and a config on 127.0.0.1 with free ports. */
async function setup(config: Record<string, unknown> = {}) {
  n += 1;
  const dir = join(root, `gw-${n}`);
  const dataDir = join(dir, 'data');
  await mkdir(dataDir, { recursive: true });
  await chmod(dir, 0o755);
  const full = {
    storeId: 'demo',
    mqtt: { host: '127.0.0.1', port: await freePort() },
    http: { host: '127.0.0.1', port: await freePort() },
    ...config,
  };
  const configFile = join(dir, 'gateway.json');
  await writeFile(configFile, JSON.stringify(full));
  await chmod(configFile, 0o644);
  return { dir, dataDir, configFile, config: full };
}

/** The gateway run once (admin account, settings, journal), then stopped. */
async function runGatewayOnce(dataDir: string, config: Record<string, unknown>) {
  const gateway = createGateway({
    dataDir,
    config: parseConfig(config),
    logger: silentLogger(),
    adminPassword: 'doctor-admin',
  });
  await gateway.start();
  await gateway.stop();
}

const entry = (id: string): LibraryEntry => ({
  id,
  title: `歌 ${id}`,
  artists: ['歌手'],
  language: '国语',
  category: '流行',
  durationMs: 1000,
  mediaFile: `/songs/${id}.mkv`,
  lyricsFile: null,
  vocals: { kind: 'channel', vocalsChannel: 'right' },
  contentHash: id,
  stamp: '1:1',
  lyricsStamp: null,
  addedAt: 1,
  root: '/songs',
});

async function importLibrary(dataDir: string) {
  const store = await LibraryStore.open(dataDir);
  await store.commit([entry('s1'), entry('s2')], undefined, Date.now());
}

async function doctor(dataDir: string, configFile: string | undefined, deps: Partial<GatewayDoctorDeps> = {}) {
  const report = await runGatewayDoctor({
    dataDir,
    ...(configFile ? { configFile } : {}),
    lang: 'en',
    deps: { timedatectl: synced, ...deps },
  });
  assert.ok(checkReport(report).ok, 'the report matches its schema');
  const by = (check: string): DoctorResult => {
    const r = report.results.find((x) => x.check === check);
    assert.ok(r, `no result for ${check}`);
    return r;
  };
  return { report, by };
}

function assertFaults(report: DoctorReport, codes: string[]) {
  assert.equal(report.ok, codes.length === 0);
  assert.deepEqual(report.faults, codes, JSON.stringify(report.results, null, 1));
}

describe('ktv-gateway doctor', () => {
  it('passes on a gateway that ran and has a library; a running gateway holds its own ports', async () => {
    const s = await setup();
    await runGatewayOnce(s.dataDir, s.config);
    await importLibrary(s.dataDir);
    const stopped = await doctor(s.dataDir, s.configFile);
    assertFaults(stopped.report, []);
    assert.equal(stopped.by('library').message, 'catalog version 1, 2 songs');
    assert.equal(stopped.by('admin').message, 'account admin has a password');
    assert.equal(stopped.by('mqttPort').message, `127.0.0.1:${(s.config.mqtt as { port: number }).port} is free`);

    const gateway = createGateway({ dataDir: s.dataDir, config: parseConfig(s.config), logger: silentLogger() });
    await gateway.start();
    try {
      const running = await doctor(s.dataDir, s.configFile);
      assertFaults(running.report, []);
      assert.match(running.by('mqttPort').message, /is held by the running gateway$/);
      assert.match(running.by('httpPort').message, /is held by the running gateway$/);
      assert.equal(running.by('journal').status, 'ok');
    } finally {
      await gateway.stop();
    }
    let out = '';
    const io = { stdout: (t: string) => (out += t), stderr: (t: string) => (out += t) };
    assert.equal(await doctorCommand(['--data', s.dataDir, '--config', s.configFile], io, { timedatectl: synced }), 0);
    assert.match(out, /^ktv-gateway 自检/);
    assert.match(out, /全部正常/);
    // Without --data: the service's folder and config, as on the gateway machine.
    out = '';
    const service = { data: s.dataDir, config: s.configFile };
    assert.equal(await doctorCommand(['--lang', 'en'], io, { timedatectl: synced }, service), 0, out);
    assert.match(out, new RegExp(`Config file: ${s.configFile}: store demo`));
  });

  it('D201: a config that does not validate; port checks are skipped', async () => {
    const s = await setup({ mqtt: { port: 'eighteen' } });
    const { report, by } = await doctor(s.dataDir, s.configFile);
    assertFaults(report, ['D201', 'D209', 'D210']);
    assert.match(by('config').detail ?? '', /mqtt\/port/);
    assert.equal(by('mqttPort').status, 'skip');
  });

  it('D202: a damaged settings.json', async () => {
    const s = await setup();
    await runGatewayOnce(s.dataDir, s.config);
    await importLibrary(s.dataDir);
    await writeFile(join(s.dataDir, 'settings.json'), '{"version": 1, "devices": [');
    const { report, by } = await doctor(s.dataDir, s.configFile);
    assertFaults(report, ['D202', 'D209']);
    assert.match(by('settings').detail ?? '', /not JSON/);
  });

  it('D203: a read-only data folder (the CLI as an unprivileged user), and one that is a file', async () => {
    const s = await setup();
    await runGatewayOnce(s.dataDir, s.config);
    await importLibrary(s.dataDir);
    await chmod(s.dataDir, 0o555);
    for (const name of await readdir(s.dataDir)) await chmod(join(s.dataDir, name), 0o755).catch(() => undefined);
    await chmod(join(s.dataDir, 'settings.json'), 0o644);
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const result = await new Promise<{ code: number | null; out: string }>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [GATEWAY_BIN, 'doctor', '--data', s.dataDir, '--config', s.configFile, '--json'],
        { ...asUser, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, out }));
    });
    assert.equal(result.code, 1, result.out);
    const report = JSON.parse(result.out) as DoctorReport;
    assert.ok(report.faults.includes('D203'), result.out);
    assert.match(report.results.find((r) => r.check === 'dataDir')?.detail ?? '', /EACCES|EROFS|EPERM/);

    const file = join(s.dir, 'not-a-folder');
    await writeFile(file, 'x');
    const { report: r2 } = await doctor(file, s.configFile);
    assert.ok(r2.faults.includes('D203'));
  });

  it('D204: less free space than the threshold', async () => {
    const s = await setup();
    await runGatewayOnce(s.dataDir, s.config);
    await importLibrary(s.dataDir);
    const { report } = await doctor(s.dataDir, s.configFile, { minFreeBytes: Number.MAX_SAFE_INTEGER });
    assertFaults(report, ['D204']);
  });

  async function journalWithRecords(dataDir: string): Promise<string> {
    const dir = join(dataDir, JOURNAL_DIR);
    const journal = await Journal.open(dir, { logger: silentLogger() });
    for (let i = 0; i < 5; i++) await journal.append('doctor.test', { i });
    await journal.close();
    const [segment] = (await readdir(dir)).filter((f) => f.endsWith('.ndjson'));
    assert.ok(segment);
    return join(dir, segment);
  }

  it('D205: a damaged record in the middle of the journal', async () => {
    const s = await setup();
    await runGatewayOnce(s.dataDir, s.config);
    await importLibrary(s.dataDir);
    await rm(join(s.dataDir, JOURNAL_DIR), { recursive: true });
    const segment = await journalWithRecords(s.dataDir);
    const ok = await doctor(s.dataDir, s.configFile);
    assert.equal(ok.by('journal').message, '1 segment(s), last seq 5');
    const lines = (await readFile(segment, 'utf8')).split('\n');
    lines[2] = (lines[2] ?? '').replace('doctor.test', 'doctor.tesT');
    await writeFile(segment, lines.join('\n'));
    const { report, by } = await doctor(s.dataDir, s.configFile);
    assertFaults(report, ['D205']);
    assert.match(by('journal').detail ?? '', /journal corrupt/);
  });

  it('D206: a torn last write at the end of the journal (and doctor does not cut it)', async () => {
    const s = await setup();
    await runGatewayOnce(s.dataDir, s.config);
    await importLibrary(s.dataDir);
    await rm(join(s.dataDir, JOURNAL_DIR), { recursive: true });
    const segment = await journalWithRecords(s.dataDir);
    await appendFile(segment, '{"seq":6,"half a rec');
    const before = await readFile(segment);
    const { report, by } = await doctor(s.dataDir, s.configFile);
    assertFaults(report, ['D206']);
    assert.match(by('journal').message, /20 bytes$/);
    assert.deepEqual(await readFile(segment), before, 'doctor changed nothing');
  });

  it('a record being written while doctor reads is read again, not reported as torn', async () => {
    const s = await setup();
    await runGatewayOnce(s.dataDir, s.config);
    await importLibrary(s.dataDir);
    await rm(join(s.dataDir, JOURNAL_DIR), { recursive: true });
    const segment = await journalWithRecords(s.dataDir);
    const whole = await readFile(segment);
    const lastStart = whole.lastIndexOf(0x0a, whole.length - 2) + 1;
    const half = lastStart + Math.floor((whole.length - lastStart) / 2);
    await writeFile(segment, whole.subarray(0, half));
    let waited = 0;
    const { report, by } = await doctor(s.dataDir, s.configFile, {
      journalRescanWait: async () => {
        waited += 1;
        await appendFile(segment, whole.subarray(half)); // the gateway's write completes
      },
    });
    assert.equal(waited, 1, 'the torn end was seen and read again');
    assertFaults(report, []);
    assert.equal(by('journal').message, '1 segment(s), last seq 5');
  });

  it('D207 / D208: the MQTT and HTTP ports held by another program', async () => {
    const mqtt = await listenOn();
    const http = await listenOn();
    try {
      const s = await setup({
        mqtt: { host: '127.0.0.1', port: portOf(mqtt) },
        http: { host: '127.0.0.1', port: portOf(http) },
      });
      await runGatewayOnce(s.dataDir, { ...s.config, mqtt: { host: '127.0.0.1', port: 0 }, http: { port: 0 } });
      await importLibrary(s.dataDir);
      const { report, by } = await doctor(s.dataDir, s.configFile);
      assertFaults(report, ['D207', 'D208']);
      assert.match(by('mqttPort').detail ?? '', /EADDRINUSE/);
    } finally {
      await close(mqtt);
      await close(http);
    }
  });

  it('D209 / D210: a gateway that never ran: no admin password, no library', async () => {
    const s = await setup();
    const { report, by } = await doctor(s.dataDir, s.configFile);
    assertFaults(report, ['D209', 'D210']);
    assert.match(by('admin').fix ?? '', /KTV_ADMIN_PASSWORD=/);
  });

  it('D211: a catalog snapshot that no longer matches its announcement', async () => {
    const s = await setup();
    await runGatewayOnce(s.dataDir, s.config);
    await importLibrary(s.dataDir);
    await writeFile(join(s.dataDir, 'library', 'catalog', '1.json.gz'), 'damaged');
    const { report, by } = await doctor(s.dataDir, s.configFile);
    assertFaults(report, ['D211']);
    assert.match(by('library').detail ?? '', /sha256/);
  });

  it('D212: the clock is not synchronised (timedatectl says so); no timedatectl is a skip with its reason', async () => {
    const s = await setup();
    await runGatewayOnce(s.dataDir, s.config);
    await importLibrary(s.dataDir);
    const { report } = await doctor(s.dataDir, s.configFile, { timedatectl: unsynced });
    assertFaults(report, ['D212']);
    const cases: [TimedatectlResult, string][] = [
      [{ ok: true, stdout: 'Timezone=Asia/Shanghai\nNTP=yes\nNTPSynchronized=yes\n' }, 'ok'],
      [{ ok: true, stdout: 'NTP=no\nNTPSynchronized=no\n' }, 'D212'],
      [{ ok: true, stdout: 'Timezone=UTC\n' }, 'skip'],
      [{ ok: false, detail: 'System has not been booted with systemd as init system (PID 1).' }, 'skip'],
    ];
    for (const [result, want] of cases) {
      const o = ntpOutcome(result);
      assert.equal(o.status === 'fault' ? o.code : o.status, want);
    }
  });

  it('usage errors exit 2', async () => {
    const quiet = { stdout: () => undefined, stderr: () => undefined };
    const nowhere = { data: join(root, 'no-such'), config: join(root, 'no-such.json') };
    assert.equal(await doctorCommand([], quiet, {}, nowhere), 2);
    assert.equal(await doctorCommand(['--data', root, '--lang', 'fr'], quiet), 2);
  });
});
