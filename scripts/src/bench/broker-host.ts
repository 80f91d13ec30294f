/**
 * Runs one broker in its own process so its CPU can be measured apart from the load generator:
 *   node broker-host.js bare              a bare Aedes on 127.0.0.1
 *   node broker-host.js gateway DATA_DIR  the whole gateway (auth, ACL, validation, ingest, rooms)
 * Prints `{"port":N}` when listening; on stdin, `cpu` prints `{"cpuUs":N, ...}` (CPU used so far,
 * and since the last `cpu`: the event loop's delay p99 and the garbage collector's pauses) and
 * `stop` exits.
 */
import { createServer } from 'node:net';
import { constants, type IntervalHistogram, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { Aedes } from 'aedes';
import { startBenchGateway } from './gateway-host.js';

async function startBare(): Promise<{ port: number; stop(): Promise<void> }> {
  const broker = await Aedes.createBroker();
  const server = createServer(broker.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    async stop() {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Event-loop delay and GC pauses between two `cpu` requests: where a latency tail comes from. */
function watchLoop(): () => Record<string, number> {
  const delay: IntervalHistogram = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  let pauses: { ms: number; major: boolean }[] = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      pauses.push({ ms: e.duration, major: kind === constants.NODE_PERFORMANCE_GC_MAJOR });
    }
  }).observe({ entryTypes: ['gc'] });
  const sum = (list: { ms: number }[]) => Math.round(list.reduce((a, b) => a + b.ms, 0));
  return () => {
    const major = pauses.filter((p) => p.major);
    const r = {
      loopDelayP99Ms: Math.round((delay.percentile(99) / 1e6) * 100) / 100,
      gcPauses: pauses.length,
      gcTotalMs: sum(pauses),
      gcMajor: major.length,
      gcMajorMs: sum(major),
      gcMaxPauseMs: Math.round(Math.max(0, ...pauses.map((p) => p.ms)) * 100) / 100,
      heapUsedMb: Math.round(process.memoryUsage().heapUsed / 1e6),
    };
    delay.reset();
    pauses = [];
    return r;
  };
}

async function main(): Promise<void> {
  const [mode, dataDir] = process.argv.slice(2);
  const host = mode === 'gateway' ? await startBenchGateway(dataDir ?? '') : await startBare();
  const loop = watchLoop();
  process.stdout.write(`${JSON.stringify({ port: host.port })}\n`);
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line === 'cpu') {
      const u = process.cpuUsage();
      process.stdout.write(`${JSON.stringify({ cpuUs: u.user + u.system, systemUs: u.system, ...loop() })}\n`);
    } else if (line === 'stop') {
      void host.stop().then(() => process.exit(0));
    }
  });
}

void main();
