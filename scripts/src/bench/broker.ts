/**
 * `broker` benchmark: 200 rooms x 5 events/s, QoS 1, through the gateway (auth, ACL, validation,
 * durable ingest, aggregation) and through a bare Aedes in the same run, each broker in its own
 * process so its CPU is its own.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { makeTempDir } from '../testkit/temp.js';
import { type LoadOptions, type LoadResult, runBrokerLoad } from './broker-load.js';
import { measureFdatasync } from './fdatasync-baseline.js';
import { BENCH_STORE, provisionBenchStore } from './gateway-host.js';
import { round } from './stats.js';

const HOST_SCRIPT = new URL('./broker-host.js', import.meta.url).pathname;

/** The broker process during the load: CPU, event-loop delay p99 and GC pauses. */
type HostRun = LoadResult & { cpuPct: number } & Record<string, number>;

async function runAgainst(
  mode: 'bare' | 'gateway',
  dataDir: string,
  load: (url: string, window: LoadOptions['window']) => Promise<LoadResult>,
) {
  // KTV_BENCH_HOST_ARGS passes node flags to the broker's process, e.g. --cpu-prof.
  const nodeArgs = (process.env.KTV_BENCH_HOST_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, HOST_SCRIPT, mode, dataDir], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const next = () =>
    new Promise<Record<string, number>>((resolve) =>
      lines.once('line', (l) => resolve(JSON.parse(l) as Record<string, number>)),
    );
  const { port } = await next();
  const sample = async () => {
    child.stdin.write('cpu\n');
    return { ...(await next()), atMs: performance.now() };
  };
  let opened: Record<string, number> | undefined;
  let closed: Record<string, number> | undefined;
  const result = await load(`mqtt://127.0.0.1:${port}`, {
    opened: async () => {
      opened = await sample();
    },
    closed: async () => {
      closed = await sample();
    },
  });
  child.stdin.write('stop\n');
  await new Promise((resolve) => child.once('exit', resolve));
  if (!opened || !closed) throw new Error('the load never opened or closed its measuring window');
  const { cpuUs, systemUs, atMs, ...loop } = closed;
  const wallMs = (atMs as number) - (opened.atMs as number);
  const pct = (us: number) => round((us / 1000 / wallMs) * 100, 1);
  const run: HostRun = {
    ...result,
    cpuPct: pct((cpuUs as number) - (opened.cpuUs as number)),
    // Kernel time (socket and file system calls, fdatasync) apart from the process's own code.
    systemPct: pct((systemUs as number) - (opened.systemUs as number)),
    ...loop,
  };
  return run;
}

export async function benchBroker(options: { rooms: number; perRoomPerSec: number; durationMs: number }) {
  const temp = makeTempDir('bench-broker');
  try {
    await provisionBenchStore(temp.path, options.rooms);
    const creds = JSON.parse(readFileSync(join(temp.path, 'bench-credentials.json'), 'utf8')) as Record<
      string,
      { username: string; password: string }
    >;
    const common = { storeId: BENCH_STORE, ...options };
    const bare = await runAgainst('bare', '', (url, window) => runBrokerLoad({ url, window, ...common }));
    const gateway = await runAgainst('gateway', temp.path, (url, window) =>
      runBrokerLoad({
        url,
        window,
        ...common,
        credentials: (room) => creds[room] as { username: string; password: string },
        monitor: creds.monitor,
      }),
    );
    const fdatasync = await measureFdatasync(temp.path);
    return {
      bench: 'broker',
      rooms: options.rooms,
      perRoomPerSec: options.perRoomPerSec,
      durationS: options.durationMs / 1000,
      bare,
      gateway,
      p99Ratio: round(gateway.deliveryP99Ms / bare.deliveryP99Ms, 2),
      ackP99Ratio: round(gateway.ackP99Ms / bare.ackP99Ms, 2),
      lost: gateway.lost + bare.lost,
      // The gateway acknowledges an event only after fdatasync: this disk's floor for that.
      fdatasyncP50Ms: fdatasync.p50Ms,
      fdatasyncP99Ms: fdatasync.p99Ms,
    };
  } finally {
    temp.remove();
  }
}
