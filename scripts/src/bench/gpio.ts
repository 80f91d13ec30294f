/**
 * `gpio` benchmark: latency from a GPIO edge to the room's event on the gateway.
 *
 * A real gateway (its own process, launched like `npm start`) and one room agent in this process
 * on the real libgpiod driver, whose tools are the tool twins (gpiomon prints each edge the bench
 * writes, with its kernel-style timestamp). Measured: from writing the door contact's edge into the
 * twin world until the gateway pushes the room with the new door state on its admin websocket
 * (the front desk's live view), over KTV_BENCH_EDGES edges (1,000 by default). Beside it, in the
 * same run and interleaved pair by pair (open + close), the same door change injected straight into the sensor
 * port (the raw-edge listener the driver feeds), which leaves out gpiomon, its pipe and the parsing.
 * Both go through debounce 0 (the config's debounce adds its own milliseconds to both alike).
 * Edges follow each other as soon as the previous one reached the gateway, faster than the room's
 * outbox gets its PUBACKs (the gateway acknowledges after its group commit): the few events that
 * queue behind an unacknowledged one set p99 for both paths alike; p50/p90 show the driver.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAgent, createRoomHardware, GpioTwin, validateConfig } from '@ktv/agent';
import { pino } from 'pino';
import WebSocket from 'ws';
import { launchStore } from '../store/launch.js';
import { adminLogin } from '../testkit/http.js';
import { makeTempDir } from '../testkit/temp.js';
import { percentile, round } from './stats.js';

type RawListener = (line: 'door' | 'motion' | 'callButton', level: boolean, at: number) => void;

export async function benchGpio(options: { edges?: number; version?: string } = {}) {
  const edges = options.edges ?? Number(process.env.KTV_BENCH_EDGES ?? 1000);
  const version = options.version ?? process.env.KTV_BENCH_GPIOD ?? '2.1.3';
  const temp = makeTempDir('bench-gpio');
  const password = 'bench-gpio-password';
  const twin = await GpioTwin.create({ version, levels: { GPIO17: 0, GPIO27: 0, GPIO22: 1 } });
  const store = await launchStore({
    dataDir: temp.path,
    storeId: 's1',
    rooms: [{ id: '101', name: '101' }],
    adminPassword: password,
  });
  let agent: ReturnType<typeof createAgent> | undefined;
  let ws: WebSocket | undefined;
  try {
    // The launched room runs the sim driver: this process takes its place with the gpiod driver.
    await store.agents.get('101')?.stop('SIGTERM');
    const file = JSON.parse(readFileSync(join(temp.path, 'room-101', 'config.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const checked = validateConfig({
      ...file,
      sensors: { driver: 'gpiod', debounceMs: 0, gpio: { chip: 'pinctrl-bcm2711' } },
      lights: { driver: 'none' },
      tv: { driver: 'none' },
    });
    if (!checked.ok) throw new Error(checked.errors.join('; '));
    const config = checked.value;
    const logger = pino({ level: 'silent' });
    const clock = {
      now: () => Date.now(),
      setTimeout(fn: () => void, ms: number) {
        const handle = setTimeout(fn, ms);
        return () => clearTimeout(handle);
      },
    };
    const hardware = createRoomHardware(config, { clock, logger, env: twin.env });
    const inner = hardware.sensorDriver;
    let inject: RawListener | undefined;
    /** When the driver last handed a door edge to the port (edge path only). */
    let rawAt = 0;
    hardware.sensorDriver = {
      name: inner.name,
      start: (onRaw) => {
        inject = onRaw;
        return inner.start((line, level, at) => {
          if (line === 'door') rawAt = performance.now();
          onRaw(line, level, at);
        });
      },
      stop: () => inner.stop(),
    };
    agent = createAgent({ config, logger, hardware });
    await agent.start();

    // The gateway's live view: resolves the waiter when room 101's door shows `open`.
    const token = await adminLogin(store.adminUrl, password);
    const url = new URL('/api/ws', store.adminUrl);
    url.protocol = 'ws:';
    url.searchParams.set('token', token);
    const socket = new WebSocket(url);
    ws = socket;
    let waiter: { open: boolean; resolve: () => void } | undefined;
    let doorAtGateway: boolean | undefined;
    socket.on('message', (data) => {
      const m = JSON.parse(String(data)) as {
        type: string;
        room?: { id?: string; room?: string; sensors?: { doorOpen?: boolean } | null };
        rooms?: { id?: string; room?: string; sensors?: { doorOpen?: boolean } | null }[];
      };
      const rooms = m.type === 'room' && m.room ? [m.room] : m.type === 'snapshot' ? (m.rooms ?? []) : [];
      for (const r of rooms) {
        if ((r.id ?? r.room) !== '101' || !r.sensors) continue;
        doorAtGateway = r.sensors.doorOpen === true;
        if (waiter && waiter.open === doorAtGateway) {
          const w = waiter;
          waiter = undefined;
          w.resolve();
        }
      }
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const atGateway = (open: boolean) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`door ${open ? 'open' : 'closed'} never reached the gateway`)),
          15_000,
        );
        waiter = {
          open,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        };
      });

    const edgeMs: number[] = [];
    const portMs: number[] = [];
    /** Edge path: from the twin's edge to the driver handing it to the port (gpiomon, pipe, parsing). */
    const toDriverMs: number[] = [];
    let open = false;
    const gpioEdge = async () => {
      open = !open;
      const arrived = atGateway(open);
      const t0 = performance.now();
      await twin.set('GPIO17', open ? 1 : 0);
      await arrived;
      edgeMs.push(performance.now() - t0);
      toDriverMs.push(rawAt - t0);
    };
    const portEdge = async () => {
      open = !open;
      const arrived = atGateway(open);
      const t0 = performance.now();
      inject?.('door', open, Date.now());
      await arrived;
      portMs.push(performance.now() - t0);
    };
    // Warm-up: the link is up and a few round trips have been made.
    for (let i = 0; i < 10; i++) await gpioEdge();
    edgeMs.length = 0;
    toDriverMs.length = 0;
    const block = 2;
    while (edgeMs.length < edges || portMs.length < edges) {
      for (let i = 0; i < block && edgeMs.length < edges; i++) await gpioEdge();
      if (open) await gpioEdge(); // blocks end with the door closed, pin and port agreeing
      for (let i = 0; i < block && portMs.length < edges; i++) await portEdge();
      if (open) await portEdge();
    }
    const e = edgeMs.slice(0, edges).sort((a, b) => a - b);
    const p = portMs.slice(0, edges).sort((a, b) => a - b);
    const d = toDriverMs.slice(0, edges).sort((a, b) => a - b);
    return {
      bench: 'gpio',
      libgpiod: version,
      edges,
      edgeP50Ms: round(percentile(e, 50)),
      edgeP90Ms: round(percentile(e, 90)),
      edgeP99Ms: round(percentile(e, 99)),
      portP50Ms: round(percentile(p, 50)),
      portP90Ms: round(percentile(p, 90)),
      portP99Ms: round(percentile(p, 99)),
      // Events that waited for the outbox (in-order delivery behind a PUBACK the gateway holds until
      // its group commit, its linger, 50 ms): the same share in both paths when the driver adds nothing.
      edgeOver1s: e.filter((ms) => ms > 1000).length,
      portOver1s: p.filter((ms) => ms > 1000).length,
      driverP50Ms: round(percentile(e, 50) - percentile(p, 50)),
      toDriverP50Ms: round(percentile(d, 50)),
      toDriverP99Ms: round(percentile(d, 99)),
    };
  } finally {
    ws?.close();
    await agent?.stop().catch(() => undefined);
    await store.stop();
    await twin.cleanup();
    temp.remove();
  }
}
