/**
 * `cloud` benchmark (issue #8): the drain rate after an outage, and the CPU of live forwarding.
 * - For each transport, N queued events (default 1,000,000; KTV_BENCH_CLOUD_EVENTS) sit in a
 *   gateway journal (room events and money records of a busy evening's mix); the forwarder
 *   (gateway/src/cloud) drains them to local Mosquitto (TLS, test CA) or to the reference
 *   receiver's HTTPS endpoint, and the receiver (`ktv-gateway cloud receive`, a child process,
 *   subscribed to Mosquitto for MQTT) stores them; `drainPerSec` = N / time until the forwarder's
 *   cursor covers all of them. `lost` and `dupes` come from the receiver's store afterwards.
 * - Baseline in the same run: the same payloads, already serialised in memory, published by a
 *   plain MQTT.js client with QoS 1 and the same in-flight window (what mosquitto_pub would do),
 *   resp. POSTed as the same gzip NDJSON batches one after the other; no journal, no cursor.
 * - `live`: a busy store (forwarding-store child: business ops + room events) forwarding over MQTT,
 *   its CPU (utime+stime from /proc) beside the same store with the cloud link off.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCb } from 'node:zlib';
import { journal as J, silentLogger } from '@ktv/gateway';
import {
  CLOUD_CURSOR,
  type CloudEvent,
  Forwarder,
  HttpsTransport,
  MqttTransport,
  makeTestCa,
  ndjson,
  readStoredEvents,
  startMosquitto,
  systemCloudClock,
  toCloudEvent,
} from '@ktv/gateway/cloud/testing';
import mqtt from 'mqtt';
import { freePort } from '../testkit/net.js';
import { GATEWAY_BIN, REPO_ROOT } from '../testkit/paths.js';
import { type RunningProgram, startProgram } from '../testkit/process.js';
import { makeTempDir } from '../testkit/temp.js';
import { round } from './stats.js';

const gzip = promisify(gzipCb);
const N = Number(process.env.KTV_BENCH_CLOUD_EVENTS ?? 1_000_000);
const LIVE_SECONDS = Number(process.env.KTV_BENCH_CLOUD_LIVE_SECONDS ?? 15);
const STORE = 'bench';
const WINDOW = 500;
const BATCH = 2000;
const TOKEN = 'bench-token';
const logger = silentLogger();

const MIX = ['song.started', 'song.ended', 'queue.changed', 'sensor.changed', 'sensor.changed', 'queue.changed'];

async function fillJournal(dir: string): Promise<J.Journal> {
  const journal = await J.Journal.open(dir, { logger });
  const seqs = new Map<string, number>();
  let made = 0;
  let t = Date.UTC(2026, 10, 20, 10, 0, 0);
  while (made < N) {
    const items: { type: string; data: unknown }[] = [];
    for (let i = 0; i < 5000 && made < N; i += 1, made += 1) {
      t += 7;
      if (made % 12 === 0) {
        items.push({
          type: 'business.order.added',
          data: {
            at: t,
            by: 'desk',
            sessionId: `S${made % 997}`,
            line: { lineId: `L${made}`, itemId: 'tsingtao', qty: 1, priceFen: 1500 },
          },
        });
        continue;
      }
      const room = String(101 + (made % 40));
      const seq = (seqs.get(room) ?? 0) + 1;
      seqs.set(room, seq);
      const type = MIX[made % MIX.length] ?? 'song.started';
      items.push({
        type: 'room.event',
        data: {
          id: `01K${String(made).padStart(23, '0')}`,
          type,
          room,
          seq,
          at: t - 3,
          data:
            type === 'sensor.changed'
              ? { sensor: 'pir', value: made % 2 === 0 }
              : { entryId: `e${made}`, songId: `s${made % 5000}` },
          receivedAt: t,
        },
      });
    }
    await journal.appendAll(items);
  }
  return journal;
}

async function payloads(journal: J.Journal): Promise<{ events: CloudEvent[]; json: string[] }> {
  const events: CloudEvent[] = [];
  for await (const r of journal.read(1)) events.push(toCloudEvent(STORE, r));
  return { events, json: events.map((e) => JSON.stringify(e)) };
}

function startReceiver(dir: string, args: string[]): { program: RunningProgram; ready: Promise<number | null> } {
  const program = startProgram('receiver', GATEWAY_BIN, ['cloud', 'receive', '--data', dir, ...args]);
  const ready = program
    .waitForLog((l) => l.ready === true, 120_000)
    .then((l) => (typeof l.httpsPort === 'number' ? l.httpsPort : null));
  return { program, ready };
}

async function receiverCounts(program: RunningProgram, dir: string, expectedIds: Set<string>) {
  await program.stop('SIGTERM');
  const line = program.logs.find((l) => l.stopped === true) as { duplicates?: number } | undefined;
  const stored = await readStoredEvents(join(dir, 'journal'));
  const ids = new Set(stored.map((e) => e.id));
  let lost = 0;
  for (const id of expectedIds) if (!ids.has(id)) lost += 1;
  return { lost, dupes: line?.duplicates ?? -1, stored: stored.length };
}

async function drain(journal: J.Journal, transport: MqttTransport | HttpsTransport, parkDir: string): Promise<number> {
  const forwarder = new Forwarder({
    journal,
    storeId: STORE,
    transport,
    logger,
    clock: systemCloudClock,
    readChunk: BATCH,
    retryMinMs: 200,
    retryMaxMs: 2000,
    parkDir,
  });
  const started = performance.now();
  await forwarder.start();
  await new Promise<void>((resolve) => {
    const check = () => (forwarder.acknowledged() >= N ? resolve() : setTimeout(check, 20));
    check();
  });
  const seconds = (performance.now() - started) / 1000;
  await forwarder.stop();
  return seconds;
}

export async function benchCloud(): Promise<unknown[]> {
  const temp = makeTempDir('bench-cloud');
  const lines: unknown[] = [];
  try {
    const ca = await makeTestCa(temp.path);
    const broker = await startMosquitto(temp.path, ca, [
      {
        username: STORE,
        password: 'pw',
        acl: [`topic write ktv/v1/${STORE}/cloud/up/#`, `topic read ktv/v1/${STORE}/cloud/down/#`],
      },
      { username: 'receiver', password: 'pw', acl: [`topic read ktv/v1/${STORE}/cloud/up/#`] },
      { username: 'baseline', password: 'pw', acl: ['topic write ktv/v1/baseline/cloud/up/#'] },
      { username: 'receiver-base', password: 'pw', acl: ['topic read ktv/v1/baseline/cloud/up/#'] },
    ]);
    try {
      const journalDir = join(temp.path, 'store', 'journal');
      let journal = await fillJournal(journalDir);
      const { events, json } = await payloads(journal);
      const expectedIds = new Set(events.map((e) => e.id));

      // Baseline MQTT: MQTT.js, QoS 1, the same window, the same payloads from memory, to the same
      // broker with the same kind of subscriber (a receiver storing them) on the other side.
      const recvBaseDir = join(temp.path, 'recv-base');
      const recvBase = startReceiver(recvBaseDir, [
        '--mqtt',
        broker.url,
        '--mqtt-ca',
        ca.caFile,
        '--mqtt-servername',
        ca.servername,
        '--mqtt-username',
        'receiver-base',
        '--mqtt-password',
        'pw',
        '--client-id',
        'bench-receiver-base',
      ]);
      await recvBase.ready;
      await recvBase.program.waitForLog(
        (l) => l.msg === 'cloud receiver: broker subscription' && l.up === true,
        60_000,
      );
      const base = mqtt.connect(broker.url, {
        username: 'baseline',
        password: 'pw',
        ca: ca.ca,
        servername: ca.servername,
        rejectUnauthorized: true,
        clientId: 'bench-baseline',
      });
      await new Promise<void>((resolve, reject) => {
        base.once('connect', () => resolve());
        base.once('error', reject);
      });
      const baseStart = performance.now();
      await new Promise<void>((resolve) => {
        let next = 0;
        let acked = 0;
        let inflight = 0;
        const pump = () => {
          while (inflight < WINDOW && next < json.length) {
            inflight += 1;
            base.publish('ktv/v1/baseline/cloud/up/events', json[next++] as string, { qos: 1 }, () => {
              inflight -= 1;
              acked += 1;
              if (acked === json.length) resolve();
              else pump();
            });
          }
        };
        pump();
      });
      const mqttBaselinePerSec = json.length / ((performance.now() - baseStart) / 1000);
      await base.endAsync();
      await waitForStored(recvBaseDir, N);
      await recvBase.program.stop('SIGTERM');

      // Ours over MQTT: journal -> forwarder -> Mosquitto (TLS) -> receiver.
      const recvMqttDir = join(temp.path, 'recv-mqtt');
      const recvMqtt = startReceiver(recvMqttDir, [
        '--mqtt',
        broker.url,
        '--mqtt-ca',
        ca.caFile,
        '--mqtt-servername',
        ca.servername,
        '--mqtt-username',
        'receiver',
        '--mqtt-password',
        'pw',
        '--client-id',
        'bench-receiver',
      ]);
      await recvMqtt.ready;
      await recvMqtt.program.waitForLog(
        (l) => l.msg === 'cloud receiver: broker subscription' && l.up === true,
        60_000,
      );
      const mqttSeconds = await drain(
        journal,
        new MqttTransport({
          url: broker.url,
          storeId: STORE,
          clientId: 'bench-store',
          username: STORE,
          password: 'pw',
          ca: ca.ca,
          servername: ca.servername,
          inflight: WINDOW,
          keepaliveSec: 30,
          retryMinMs: 200,
          retryMaxMs: 2000,
          clock: systemCloudClock,
          logger,
        }),
        join(temp.path, 'parked'),
      );
      await waitForStored(recvMqttDir, N);
      const mqttCounts = await receiverCounts(recvMqtt.program, recvMqttDir, expectedIds);
      lines.push({
        bench: 'cloud',
        transport: 'mqtt',
        events: N,
        drainPerSec: round(N / mqttSeconds),
        baselinePerSec: round(mqttBaselinePerSec),
        ratio: round(N / mqttSeconds / mqttBaselinePerSec, 2),
        window: WINDOW,
        lost: mqttCounts.lost,
        dupes: mqttCounts.dupes,
        target: 10_000,
      });

      // Ours over HTTPS: a fresh cursor on the same journal.
      await journal.close();
      rmSync(join(journalDir, 'cursors', `${CLOUD_CURSOR}.json`), { force: true });
      journal = await J.Journal.open(journalDir, { logger });
      const port = await freePort();
      const recvHttpsDir = join(temp.path, 'recv-https');
      const recvHttps = startReceiver(recvHttpsDir, [
        '--https-port',
        String(port),
        '--tls-cert',
        ca.certFile,
        '--tls-key',
        ca.keyFile,
        '--token',
        TOKEN,
      ]);
      await recvHttps.ready;
      // Baseline HTTPS: the same events from memory, as the same gzip NDJSON batches, POSTed one
      // after the other by a plain client (no journal, no cursor).
      const { request, Agent } = await import('node:https');
      const agent = new Agent({ keepAlive: true, maxSockets: 1, ca: ca.ca, servername: ca.servername });
      const httpsBaseStart = performance.now();
      for (let b = 0, i = 0; b < events.length; b += BATCH, i += 1) {
        const body = await gzip(Buffer.from(ndjson({ key: '', events: events.slice(b, b + BATCH) }), 'utf8'));
        await new Promise<void>((resolve, reject) => {
          const req = request(
            `https://127.0.0.1:${port}/v1/events`,
            {
              method: 'POST',
              agent,
              ca: ca.ca,
              servername: ca.servername,
              headers: {
                'content-encoding': 'gzip',
                'content-type': 'application/x-ndjson',
                authorization: `Bearer ${TOKEN}`,
                'idempotency-key': `baseline-${i}`,
              },
            },
            (res) => {
              res.resume();
              res.on('end', () => resolve());
            },
          );
          req.on('error', reject);
          req.end(body);
        });
      }
      const httpsBaselinePerSec = events.length / ((performance.now() - httpsBaseStart) / 1000);
      agent.destroy();
      // The baseline stored every event once already: ours now delivers them all again as duplicates.
      // So ours goes to a second, empty receiver for a clean count.
      await recvHttps.program.stop('SIGTERM');
      const recvHttpsDir2 = join(temp.path, 'recv-https-2');
      const recvHttps2 = startReceiver(recvHttpsDir2, [
        '--https-port',
        String(port),
        '--tls-cert',
        ca.certFile,
        '--tls-key',
        ca.keyFile,
        '--token',
        TOKEN,
      ]);
      await recvHttps2.ready;
      const httpsSeconds = await drain(
        journal,
        new HttpsTransport({
          url: `https://127.0.0.1:${port}/v1/events`,
          storeId: STORE,
          token: TOKEN,
          ca: ca.ca,
          servername: ca.servername,
          batchMax: BATCH,
          timeoutMs: 60_000,
          clock: systemCloudClock,
          logger,
        }),
        join(temp.path, 'parked'),
      );
      const httpsCounts = await receiverCounts(recvHttps2.program, recvHttpsDir2, expectedIds);
      await journal.close();
      lines.push({
        bench: 'cloud',
        transport: 'https',
        events: N,
        drainPerSec: round(N / httpsSeconds),
        baselinePerSec: round(httpsBaselinePerSec),
        ratio: round(N / httpsSeconds / httpsBaselinePerSec, 2),
        batch: BATCH,
        lost: httpsCounts.lost,
        dupes: httpsCounts.dupes,
        target: 10_000,
      });

      lines.push(await liveCpu(temp.path, broker.url, ca));
    } finally {
      await broker.stop();
    }
  } finally {
    temp.remove();
  }
  return lines;
}

/** Waits until the receiver's journal holds `count` events (it logs nothing per event). */
async function waitForStored(dir: string, count: number): Promise<void> {
  const deadline = Date.now() + 600_000;
  let last = -1;
  let lastChange = Date.now();
  for (;;) {
    const n = (await readStoredEvents(join(dir, 'journal'))).length;
    if (n >= count) return;
    if (n !== last) {
      last = n;
      lastChange = Date.now();
    }
    if (Date.now() > deadline || Date.now() - lastChange > 30_000) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
}

async function liveCpu(dir: string, brokerUrl: string, ca: { caFile: string; servername: string }) {
  const STORE_SCRIPT = join(REPO_ROOT, 'gateway/dist/cloud/testing/forwarding-store.js');
  const run = async (name: string, cloud: Record<string, unknown>) => {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(cloud));
    const p = startProgram(
      name,
      STORE_SCRIPT,
      [
        '--data',
        join(dir, name),
        '--store',
        STORE,
        '--cloud',
        file,
        '--ops',
        String(LIVE_SECONDS * 40),
        '--op-ms',
        '25',
        '--events-per-op',
        '6',
      ],
      { env: { KTV_LOG_LEVEL: 'warn' } },
    );
    await new Promise((r) => setTimeout(r, 1500));
    const pid = p.child.pid ?? 0;
    const t0 = cpuTicks(pid);
    const w0 = performance.now();
    await new Promise((r) => setTimeout(r, (LIVE_SECONDS - 3) * 1000));
    const ticks = cpuTicks(pid) - t0;
    const wall = (performance.now() - w0) / 1000;
    await p.stop('SIGKILL');
    return round((ticks / 100 / wall) * 100, 1);
  };
  const forwarding = await run('live-mqtt', {
    enabled: true,
    transport: 'mqtt',
    mqtt: { url: brokerUrl, username: STORE, password: 'pw', caFile: ca.caFile, servername: ca.servername },
  });
  const off = await run('live-off', { enabled: false });
  return {
    bench: 'cloud',
    transport: 'mqtt',
    live: true,
    recordsPerSec: 40 * 7,
    cpuPctForwarding: forwarding,
    cpuPctNoCloud: off,
    forwardingCostPct: round(forwarding - off, 1),
  };
}
