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
import { connectLoad, summarise } from './broker-load.js';
import { measureFdatasync } from './fdatasync-baseline.js';
import { BENCH_STORE, provisionBenchStore } from './gateway-host.js';
import { round } from './stats.js';

const HOST_SCRIPT = new URL('./broker-host.js', import.meta.url).pathname;

/** CPU used so far (µs), when (ms), and the host's event-loop and GC figures since its last sample. */
type HostSample = Record<string, number> & { cpuUs: number; systemUs: number; atMs: number };

/** One broker in its own process, so its CPU is its own. */
async function startHost(mode: 'bare' | 'gateway', dataDir: string) {
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
  return {
    url: `mqtt://127.0.0.1:${port}`,
    /** CPU so far; event-loop delay and GC pauses since the last sample. */
    async sample(): Promise<HostSample> {
      child.stdin.write('cpu\n');
      const r = await next();
      return { ...r, cpuUs: r.cpuUs ?? 0, systemUs: r.systemUs ?? 0, atMs: performance.now() };
    },
    async stop(): Promise<void> {
      child.stdin.write('stop\n');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

type Host = Awaited<ReturnType<typeof startHost>>;
type Load = Awaited<ReturnType<typeof connectLoad>>;

/** One measuring window of one broker: its latencies, and what its process did meanwhile. */
async function measure(host: Host, load: Load, durationMs: number) {
  const opened = await host.sample();
  const samples = await load.window(durationMs);
  const closed = await host.sample();
  return { samples, opened, closed };
}

type Window = Awaited<ReturnType<typeof measure>>;

/** The broker's figures over all its windows: latencies pooled, CPU over the windows' time. */
function report(windows: readonly Window[]) {
  let wallMs = 0;
  let cpuUs = 0;
  let systemUs = 0;
  for (const w of windows) {
    wallMs += w.closed.atMs - w.opened.atMs;
    cpuUs += w.closed.cpuUs - w.opened.cpuUs;
    systemUs += w.closed.systemUs - w.opened.systemUs;
  }
  const pct = (us: number) => round((us / 1000 / wallMs) * 100, 1);
  const each = (k: string) => windows.map((w) => w.closed[k] ?? 0);
  const total = (k: string) => each(k).reduce((a, b) => a + b, 0);
  return {
    ...summarise(windows.map((w) => w.samples)),
    cpuPct: pct(cpuUs),
    // Kernel time (socket and file system calls, fdatasync) apart from the process's own code.
    systemPct: pct(systemUs),
    loopDelayP99Ms: Math.max(...each('loopDelayP99Ms')),
    gcPauses: total('gcPauses'),
    gcTotalMs: total('gcTotalMs'),
    gcMajor: total('gcMajor'),
    gcMaxPauseMs: Math.max(...each('gcMaxPauseMs')),
    heapUsedMb: Math.max(...each('heapUsedMb')),
  };
}

/**
 * Both brokers run side by side with their rooms connected; the load goes to one, then the
 * other, `rounds` times (bare first in odd rounds, the gateway first in even ones), so both see
 * the same machine, and each broker's latencies are pooled over its windows. A single pair of
 * runs on a 2-core machine differs from the next by more than the brokers differ.
 */
export async function benchBroker(options: {
  rooms: number;
  perRoomPerSec: number;
  durationMs: number;
  rounds: number;
}) {
  const temp = makeTempDir('bench-broker');
  const hosts: Host[] = [];
  const loads: Load[] = [];
  try {
    await provisionBenchStore(temp.path, options.rooms);
    const creds = JSON.parse(readFileSync(join(temp.path, 'bench-credentials.json'), 'utf8')) as Record<
      string,
      { username: string; password: string }
    >;
    const common = { storeId: BENCH_STORE, rooms: options.rooms, perRoomPerSec: options.perRoomPerSec };
    const bareHost = await startHost('bare', '');
    hosts.push(bareHost);
    const gatewayHost = await startHost('gateway', temp.path);
    hosts.push(gatewayHost);
    const bareLoad = await connectLoad({ url: bareHost.url, ...common });
    loads.push(bareLoad);
    const gatewayLoad = await connectLoad({
      url: gatewayHost.url,
      ...common,
      credentials: (room) => creds[room] as { username: string; password: string },
      monitor: creds.monitor,
    });
    loads.push(gatewayLoad);

    const windowMs = options.durationMs / options.rounds;
    const bareWindows: Window[] = [];
    const gatewayWindows: Window[] = [];
    const roundRatios: number[] = [];
    for (let round_ = 1; round_ <= options.rounds; round_++) {
      let b: Window;
      let g: Window;
      if (round_ % 2 === 1) {
        b = await measure(bareHost, bareLoad, windowMs);
        g = await measure(gatewayHost, gatewayLoad, windowMs);
      } else {
        g = await measure(gatewayHost, gatewayLoad, windowMs);
        b = await measure(bareHost, bareLoad, windowMs);
      }
      bareWindows.push(b);
      gatewayWindows.push(g);
      roundRatios.push(round(summarise([g.samples]).deliveryP99Ms / summarise([b.samples]).deliveryP99Ms, 2));
    }
    const bare = report(bareWindows);
    const gateway = report(gatewayWindows);
    const fdatasync = await measureFdatasync(temp.path);
    return {
      bench: 'broker',
      rooms: options.rooms,
      perRoomPerSec: options.perRoomPerSec,
      durationS: options.durationMs / 1000,
      rounds: options.rounds,
      bare,
      gateway,
      p99Ratio: round(gateway.deliveryP99Ms / bare.deliveryP99Ms, 2),
      roundRatios,
      ackP99Ratio: round(gateway.ackP99Ms / bare.ackP99Ms, 2),
      lost: gateway.lost + bare.lost,
      // The gateway acknowledges an event only after fdatasync: this disk's floor for that.
      fdatasyncP50Ms: fdatasync.p50Ms,
      fdatasyncP99Ms: fdatasync.p99Ms,
    };
  } finally {
    for (const l of loads) await l.close();
    for (const h of hosts) await h.stop();
    temp.remove();
  }
}
