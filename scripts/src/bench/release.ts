/**
 * `npm run bench -- release`: the single executables. Sizes; the x64 agent executable's start to
 * "agent ready" beside the baseline of Node 22 (the same runtime, from the same npm package)
 * running the same bundle from disk, in the same run, alternating; the RSS of each when ready;
 * the arm64 agent's start to ready under qemu-user; the SD image's size when images/build made one.
 * Builds the release first when its inputs changed (dist/release/build-info.json).
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildRelease } from '../release/build.js';
import { bundlePath } from '../release/bundle.js';
import { nodeRuntime } from '../release/node-runtime.js';
import { addonPath, executablePath, REPO_ROOT } from '../release/targets.js';
import { type RunningProgram, startProgram } from '../testkit/process.js';
import { makeTempDir } from '../testkit/temp.js';
import { round } from './stats.js';

const RUNS = Number(process.env.KTV_BENCH_RUNS ?? 5);
const mb = (file: string): number | null => (existsSync(file) ? round(statSync(file).size / 1e6, 1) : null);

function rssMb(pid: number | undefined): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kb ? round(Number(kb) / 1024, 1) : null;
  } catch {
    return null;
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

interface Start {
  ms: number;
  rssMb: number | null;
}

/** Starts an agent, waits for "agent ready", reads its RSS, stops it. */
async function startToReady(name: string, command: string[], configFile: string, env: NodeJS.ProcessEnv = {}) {
  const t0 = performance.now();
  const agent: RunningProgram = startProgram(name, '', ['--config', configFile], { command, env });
  try {
    await agent.waitForLog('agent ready', 300_000);
    const ms = performance.now() - t0;
    return { ms: round(ms, 0), rssMb: rssMb(agent.child.pid) } satisfies Start;
  } finally {
    await agent.stop('SIGTERM');
  }
}

function agentConfig(dir: string, name: string): string {
  const config = {
    version: 1,
    storeId: 'bench',
    roomId: name,
    roomName: name,
    dataDir: join(dir, name, 'data'),
    // Nothing listens on port 1: ready does not wait for the gateway.
    gateway: { mqttUrl: 'mqtt://127.0.0.1:1', username: 'bench', password: 'bench' },
    web: { host: '127.0.0.1', port: 0 },
    sensors: { driver: 'sim' },
  };
  mkdirSync(join(dir, name), { recursive: true });
  const file = join(dir, name, 'config.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

export async function benchRelease(): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  const built = await buildRelease();
  const buildS = round((performance.now() - t0) / 1000, 1);
  const node22 = (await nodeRuntime('x64')).binary;
  const temp = makeTempDir('bench-release');
  try {
    const exe: Start[] = [];
    const bundled: Start[] = [];
    const exeConfig = agentConfig(temp.path, 'exe');
    const nodeConfig = agentConfig(temp.path, 'node');
    for (let i = 0; i < RUNS; i++) {
      exe.push(await startToReady('agent-exe', [executablePath('agent', 'x64')], exeConfig));
      bundled.push(
        await startToReady('agent-node', [node22, bundlePath('agent')], nodeConfig, { KTV_ASSET_ROOT: REPO_ROOT }),
      );
    }
    const arm64 = await startToReady(
      'agent-arm64',
      ['qemu-aarch64-static', '-L', '/usr/aarch64-linux-gnu', executablePath('agent', 'arm64')],
      agentConfig(temp.path, 'arm64'),
    );
    const image = ['ktv-room-rpi4.img', 'ktv-room-qemu.img']
      .map((f) => join(REPO_ROOT, 'dist/images', f))
      .find((f) => existsSync(f));
    return {
      bench: 'release',
      agentArm64Mb: mb(executablePath('agent', 'arm64')),
      agentX64Mb: mb(executablePath('agent', 'x64')),
      gatewayArm64Mb: mb(executablePath('gateway', 'arm64')),
      gatewayX64Mb: mb(executablePath('gateway', 'x64')),
      addonArm64Kb: existsSync(addonPath('arm64')) ? round(statSync(addonPath('arm64')).size / 1e3, 0) : null,
      agentBundleMb: mb(bundlePath('agent')),
      startMs: median(exe.map((s) => s.ms)),
      nodeStartMs: median(bundled.map((s) => s.ms)),
      startRatio: round(median(exe.map((s) => s.ms)) / median(bundled.map((s) => s.ms)), 2),
      rssMb: median(exe.map((s) => s.rssMb ?? Number.NaN)),
      nodeRssMb: median(bundled.map((s) => s.rssMb ?? Number.NaN)),
      arm64QemuStartMs: arm64.ms,
      imageMb: image ? mb(image) : null,
      runs: RUNS,
      buildS,
      rebuilt: built.filter((f) => !f.reused).length,
      note:
        'startMs/rssMb: x64 agent executable to "agent ready" (median); nodeStart*/nodeRss*: Node 22.23.3 (same runtime) running the same bundle from disk, alternating in the same run; arm64QemuStartMs: the arm64 agent under qemu-aarch64-static (emulated, not a Pi); ' +
        (image
          ? `imageMb: ${image.replace(REPO_ROOT, '')}`
          : 'imageMb null: no SD image in dist/images (images/build has not run)'),
    };
  } finally {
    temp.remove();
  }
}
