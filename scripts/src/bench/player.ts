/**
 * `player` benchmark: a real agent process with a real headless mpv (--vo=null --ao=null).
 * Skip latency: from POST /api/player/skip until mpv's time-pos of the next song advances (seen
 * on a second IPC connection to the agent's mpv), over 20 skips. Agent (node process) RSS and CPU
 * while idle (公播 playing, nobody touching) and while a song plays.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { MpvIpcClient, makeTestCatalog } from '@ktv/agent';
import { makeTempDir } from '../testkit/temp.js';
import { percentile, round } from './stats.js';

const AGENT_BIN = fileURLToPath(new URL('../../../agent/bin/ktv-agent.js', import.meta.url));
const SKIPS = 20;
const SAMPLE_MS = 5000;
const CLK_TCK = 100;

function startAgent(configFile: string): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, [AGENT_BIN, '--config', configFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    createInterface({ input: proc.stdout }).on('line', (line) => {
      const log = JSON.parse(line) as { msg?: string; touchUrl?: string };
      if (log.msg === 'agent ready' && log.touchUrl) resolve({ proc, url: log.touchUrl });
    });
    proc.once('exit', (code) => reject(new Error(`agent exited (${code}) before ready`)));
  });
}

/** CPU ticks (user + system) and RSS (MB) of a process. */
function sample(pid: number): { ticks: number; rssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { ticks, rssMb: Number(rss?.[1] ?? 0) / 1024 };
}

async function usage(pid: number): Promise<{ rssMb: number; cpuPct: number }> {
  const a = sample(pid);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, SAMPLE_MS));
  const b = sample(pid);
  const cpuPct = ((b.ticks - a.ticks) / CLK_TCK / ((performance.now() - t0) / 1000)) * 100;
  return { rssMb: round(b.rssMb, 1), cpuPct: round(cpuPct, 1) };
}

async function post(url: string, body?: unknown): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
}

/** Follows mpv's path and time-pos; resolves when `path` plays and its time-pos has advanced. */
async function watchMpv(socket: string) {
  const client = await MpvIpcClient.connect(socket);
  let path: string | null = null;
  let firstPos: number | null = null;
  let waiter: { path: string; resolve: () => void } | null = null;
  const check = (pos: number | null) => {
    if (!waiter || path !== waiter.path || pos === null) return;
    if (firstPos === null) firstPos = pos;
    else if (pos > firstPos) {
      const w = waiter;
      waiter = null;
      w.resolve();
    }
  };
  await client.observeProperty('path', (p) => {
    path = p;
    firstPos = null;
  });
  await client.observeProperty('time-pos', (pos) => check(pos));
  return {
    client,
    advancing: (expected: string) =>
      new Promise<void>((resolve) => {
        firstPos = null;
        waiter = { path: expected, resolve };
      }),
  };
}

/**
 * The baseline, measured in the same run: a bare mpv with the same arguments, told over its own
 * IPC to `loadfile` the next file, until that file's time-pos advances. What the agent adds to a
 * skip is the difference.
 */
async function bareMpvSwitches(dir: string, files: string[]): Promise<number[]> {
  const socket = join(dir, 'bare-mpv.sock');
  const mpv = spawn('mpv', ['--idle=yes', '--no-terminal', `--input-ipc-server=${socket}`, '--vo=null', '--ao=null'], {
    stdio: 'ignore',
  });
  try {
    let client: MpvIpcClient | undefined;
    for (let i = 0; i < 200 && !client; i++) {
      client = await MpvIpcClient.connect(socket).catch(async () => {
        await new Promise((r) => setTimeout(r, 10));
        return undefined;
      });
    }
    if (!client) throw new Error('bare mpv did not open its IPC socket');
    const watch = await watchMpv(socket);
    const times: number[] = [];
    for (const file of files) {
      const advancing = watch.advancing(file);
      const t0 = performance.now();
      await client.command(['loadfile', file, 'replace']);
      await advancing;
      times.push(performance.now() - t0);
    }
    watch.client.close();
    client.close();
    return times;
  } finally {
    mpv.kill('SIGKILL');
  }
}

export async function benchPlayer() {
  const temp = makeTempDir('bench-player');
  let agent: { proc: ChildProcess; url: string } | undefined;
  try {
    const catalogFile = await makeTestCatalog(temp.path, { two: 60, lr: 60, bg: 60 });
    const dataDir = join(temp.path, 'data');
    const config = join(temp.path, 'agent.json');
    writeFileSync(
      config,
      JSON.stringify({
        storeId: 'bench',
        roomId: '101',
        roomName: '101',
        dataDir,
        gateway: { mqttUrl: 'mqtt://127.0.0.1:9', username: 'room-101', password: 'x' },
        web: { host: '127.0.0.1', port: 0 },
        player: { driver: 'mpv', extraArgs: ['--vo=null', '--ao=null'] },
        catalog: { file: catalogFile },
      }),
    );
    agent = await startAgent(config);
    const pid = agent.proc.pid as number;
    const idle = await usage(pid);

    const files = { two: join(temp.path, 'two.mkv'), lr: join(temp.path, 'lr.wav') };
    const order = Array.from({ length: SKIPS + 1 }, (_, i) => (i % 2 === 0 ? 'two' : 'lr') as 'two' | 'lr');
    for (const songId of order) await post(`${agent.url}api/queue`, { songId });
    const mpv = await watchMpv(join(dataDir, 'mpv', 'ipc.sock'));
    const playing = await usage(pid);

    const times: number[] = [];
    for (let i = 1; i <= SKIPS; i++) {
      const next = files[order[i] as 'two' | 'lr'];
      const advancing = mpv.advancing(next);
      const t0 = performance.now();
      await post(`${agent.url}api/player/skip`);
      await advancing;
      times.push(performance.now() - t0);
    }
    mpv.client.close();
    const sorted = [...times].sort((a, b) => a - b);
    const bare = (
      await bareMpvSwitches(
        temp.path,
        order.slice(1).map((k) => files[k]),
      )
    ).sort((a, b) => a - b);
    return {
      bench: 'player',
      skips: SKIPS,
      skipMedianMs: round(percentile(sorted, 50), 1),
      skipP95Ms: round(percentile(sorted, 95), 1),
      skipMaxMs: round(sorted[sorted.length - 1] ?? Number.NaN, 1),
      targetSkipMs: 250,
      bareMpvMedianMs: round(percentile(bare, 50), 1),
      bareMpvP95Ms: round(percentile(bare, 95), 1),
      idleRssMb: idle.rssMb,
      idleCpuPct: idle.cpuPct,
      playingRssMb: playing.rssMb,
      playingCpuPct: playing.cpuPct,
      note: 'bareMpv* = loadfile straight to a bare mpv, same files and args, same run; RSS/CPU: the agent node process only (mpv not counted); idle = 公播 playing',
    };
  } finally {
    if (agent && agent.proc.exitCode === null) {
      const exited = new Promise((r) => agent?.proc.once('exit', r));
      agent.proc.kill('SIGTERM');
      await exited;
    }
    temp.remove();
  }
}
