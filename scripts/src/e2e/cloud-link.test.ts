/**
 * The store's cloud link end to end (issue #8), with real parts: Debian's Mosquitto as the chain's
 * broker on 127.0.0.1 with TLS (a test CA made with openssl here, per-store credentials, an ACL),
 * the reference receiver (`ktv-gateway cloud receive`, HTTPS endpoint + broker subscriber), and
 * a store that works while it forwards (gateway/src/cloud/testing/forwarding-store.ts: journal,
 * busy evening of sessions/orders/bills, room events, the gateway's cloud link) as a child
 * process. Chaos: a TCP proxy that resets, drops and delays mid-batch; the store SIGKILLed at
 * random points while forwarding; the receiver killed and restarted. After each: nothing lost,
 * nothing stored twice, money events all present, each room's events in seq order; the
 * duplicates the transports delivered are counted and reported.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  compareDelivery,
  expectedCloudEvents,
  FaultyProxy,
  makeTestCa,
  type RunningMosquitto,
  readStoredEvents,
  selectEvents,
  startMosquitto,
  type TestCa,
} from '@ktv/gateway/cloud/testing';
import { freePort } from '../testkit/net.js';
import { GATEWAY_BIN, REPO_ROOT } from '../testkit/paths.js';
import { type RunningProgram, runProgram, startProgram } from '../testkit/process.js';
import { makeTempDir } from '../testkit/temp.js';

const STORE_SCRIPT = join(REPO_ROOT, 'gateway/dist/cloud/testing/forwarding-store.js');
const ROOMS = ['101', '102', '103', '104', '105', '106', '107', '108', '109', '110', '111', '112'];
const TOKEN = 'chain-token-for-tests';
const RECEIVER_PASSWORD = 'receiver-secret';
const storePassword = (store: string) => `pw-${store}`;

describe('cloud link: Mosquitto with TLS and the HTTPS receiver', () => {
  const temp = makeTempDir('cloud-link');
  let ca: TestCa;
  let broker: RunningMosquitto;
  const running = new Set<RunningProgram>();
  const report: Record<string, unknown>[] = [];

  before(async () => {
    ca = await makeTestCa(temp.path);
    const stores = ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8'];
    broker = await startMosquitto(
      temp.path,
      ca,
      [
        ...stores.map((s) => ({ username: s, password: storePassword(s), acl: [] })),
        { username: 'receiver', password: RECEIVER_PASSWORD, acl: ['topic read ktv/v1/+/cloud/up/#'] },
      ],
      // Per-store credentials: a store may publish only under its own id.
      { patterns: ['pattern write ktv/v1/%u/cloud/up/#', 'pattern read ktv/v1/%u/cloud/down/#'] },
    );
  });
  after(async () => {
    for (const p of running) await p.stop('SIGKILL');
    await broker?.stop();
    if (report.length > 0) process.stderr.write(`cloud link transport report: ${JSON.stringify(report)}\n`);
    temp.remove();
  });

  const track = (p: RunningProgram) => {
    running.add(p);
    void p.exited.then(() => running.delete(p));
    return p;
  };

  async function startReceiver(
    name: string,
    o: { https?: number; mqtt?: string; clientId?: string },
  ): Promise<{ program: RunningProgram; httpsPort: number | null }> {
    const args = ['cloud', 'receive', '--data', join(temp.path, name)];
    if (o.https !== undefined) {
      args.push('--https-port', String(o.https), '--tls-cert', ca.certFile, '--tls-key', ca.keyFile, '--token', TOKEN);
    }
    if (o.mqtt) {
      args.push('--mqtt', o.mqtt, '--mqtt-ca', ca.caFile, '--mqtt-servername', ca.servername);
      args.push('--mqtt-username', 'receiver', '--mqtt-password', RECEIVER_PASSWORD, '--client-id', o.clientId ?? name);
    }
    const program = track(startProgram(`receiver-${name}`, GATEWAY_BIN, args));
    const ready = await program.waitForLog((l) => l.ready === true);
    if (o.mqtt) await program.waitForLog((l) => l.msg === 'cloud receiver: broker subscription' && l.up === true);
    return { program, httpsPort: typeof ready.httpsPort === 'number' ? ready.httpsPort : null };
  }

  function cloudConfig(store: string, transport: 'mqtt' | 'https', o: { mqttUrl?: string; httpsPort?: number }) {
    const file = join(temp.path, `${store}-${transport}-cloud.json`);
    writeFileSync(
      file,
      JSON.stringify({
        enabled: true,
        transport,
        retryMinMs: 50,
        retryMaxMs: 1000,
        readChunk: 500,
        mqtt: {
          url: o.mqttUrl ?? broker.url,
          username: store,
          password: storePassword(store),
          caFile: ca.caFile,
          servername: ca.servername,
          inflight: 200,
          keepaliveSec: 5,
        },
        https: {
          url: `https://127.0.0.1:${o.httpsPort ?? 1}/v1/events`,
          token: TOKEN,
          caFile: ca.caFile,
          servername: ca.servername,
          batchMax: 300,
          timeoutMs: 5000,
        },
      }),
    );
    return file;
  }

  function startStore(store: string, cloudFile: string, o: { ops: number; firstOp?: number; opMs?: number }) {
    return track(
      startProgram(`store-${store}`, STORE_SCRIPT, [
        '--data',
        join(temp.path, `store-${store}`),
        '--store',
        store,
        '--cloud',
        cloudFile,
        '--ops',
        String(o.ops),
        '--first-op',
        String(o.firstOp ?? 0),
        '--seed',
        '11',
        '--events-per-op',
        '3',
        '--op-ms',
        String(o.opMs ?? 0),
      ]),
    );
  }

  /** Runs the store until the cloud acknowledged everything, then stops it. */
  async function runToDrained(store: string, cloudFile: string, ops: number, firstOp = 0, opMs = 0) {
    const p = startStore(store, cloudFile, { ops, firstOp, opMs });
    await p.waitForLog('drained', 120_000);
    assert.equal(await p.stop('SIGTERM'), 0);
  }

  async function stopReceiver(
    r: RunningProgram,
  ): Promise<{ duplicates: number; events: number; replayedBatches: number }> {
    await r.stop('SIGTERM');
    const line = r.logs.find((l) => l.stopped === true);
    assert.ok(line, 'the receiver printed its counts');
    return line as unknown as { duplicates: number; events: number; replayedBatches: number };
  }

  async function verify(store: string, receiverName: string, label: string, counts?: Record<string, unknown>) {
    const expected = await expectedCloudEvents(join(temp.path, `store-${store}`, 'journal'), store);
    const received = (await readStoredEvents(join(temp.path, receiverName, 'journal'))).filter(
      (e) => e.store === store,
    );
    const byRoom = new Map(ROOMS.map((room) => [room, selectEvents(received, store, room)]));
    const r = compareDelivery(expected, received, byRoom);
    report.push({ test: label, ...r, ...(counts ?? {}) });
    assert.ok(r.expected > 100, `a busy evening was journaled (${r.expected} records)`);
    assert.equal(r.lost, 0, `${label}: nothing lost`);
    assert.equal(r.unknown, 0, `${label}: nothing invented`);
    assert.equal(r.storedTwice, 0, `${label}: nothing stored twice`);
    assert.equal(r.changed, 0, `${label}: events arrive as journaled`);
    assert.ok(r.moneyExpected > 50, `${label}: money events were journaled`);
    assert.equal(r.moneyMissing, 0, `${label}: every money event is in the cloud`);
    assert.deepEqual(r.roomsOutOfOrder, [], `${label}: each room in seq order`);
    return r;
  }

  it('MQTT over TLS: a busy evening arrives once, each room in order; the CLI answers per room', async () => {
    const receiver = await startReceiver('recv-mqtt', { mqtt: broker.url });
    await runToDrained('s1', cloudConfig('s1', 'mqtt', {}), 120);
    const counts = await stopReceiver(receiver.program);
    await verify('s1', 'recv-mqtt', 'mqtt', counts);
    const cli = await runProgram(GATEWAY_BIN, [
      'cloud',
      'events',
      '--data',
      join(temp.path, 'recv-mqtt'),
      '--store',
      's1',
      '--room',
      '103',
      '--json',
    ]);
    assert.equal(cli.code, 0, cli.stderr);
    const seqs = cli.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { seq: number }).seq);
    assert.ok(seqs.length > 5);
    assert.deepEqual(
      seqs,
      [...seqs].sort((a, b) => a - b),
    );
  });

  it("MQTT: pinned to a CA that is not the cloud's, the store does not connect and its events wait in the journal", async () => {
    const other = makeTempDir('cloud-other-ca');
    try {
      const wrong = await makeTestCa(other.path);
      const file = cloudConfig('s6', 'mqtt', {});
      const doc = JSON.parse((await import('node:fs')).readFileSync(file, 'utf8'));
      doc.mqtt.caFile = wrong.caFile;
      writeFileSync(file, JSON.stringify(doc));
      const p = startStore('s6', file, { ops: 5 });
      const last = await p.waitForLog((l) => l.msg === 'op' && l.i === 4);
      const late = await p.waitForLog(
        (l) => l.msg === 'cloud state' && (l.time as number) > (last.time as number) + 1500,
      );
      const state = late.state as { connected: boolean; waiting: number };
      assert.equal(state.connected, false, 'TLS with a CA the store does not pin is refused');
      assert.ok(state.waiting > 0, 'the events wait in the journal');
      assert.ok(!p.logs.some((l) => l.msg === 'cloud link up (mqtt)'));
      await p.stop('SIGKILL');
    } finally {
      other.remove();
    }
  });

  it('HTTPS batches: a busy evening arrives once, each room in order', async () => {
    const receiver = await startReceiver('recv-https', { https: 0 });
    const port = receiver.httpsPort ?? 0;
    await runToDrained('s2', cloudConfig('s2', 'https', { httpsPort: port }), 120);
    const counts = await stopReceiver(receiver.program);
    await verify('s2', 'recv-https', 'https', counts);
  });

  it('link cut mid-batch by a TCP proxy (resets, drops, delays): MQTT and HTTPS', async () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const faults = { resetChance: 0.03, dropChance: 0.02, delayChance: 0.2, delayMs: 40 };
    // MQTT through the proxy.
    const r1 = await startReceiver('recv-proxy-mqtt', { mqtt: broker.url });
    const mqttProxy = new FaultyProxy(broker.port, random);
    await mqttProxy.start();
    mqttProxy.faults = faults;
    const p1 = startStore('s3', cloudConfig('s3', 'mqtt', { mqttUrl: `mqtts://127.0.0.1:${mqttProxy.port}` }), {
      ops: 150,
      opMs: 5,
    });
    await p1.waitForLog((l) => l.msg === 'op' && l.i === 149, 120_000);
    mqttProxy.faults = { resetChance: 0, dropChance: 0, delayChance: 0, delayMs: 0 };
    await p1.waitForLog('drained', 120_000);
    await p1.stop();
    const c1 = await stopReceiver(r1.program);
    await mqttProxy.stop();
    assert.ok(mqttProxy.resets + mqttProxy.drops > 0, 'the proxy did cut the link');
    await verify('s3', 'recv-proxy-mqtt', 'mqtt via faulty proxy', {
      ...c1,
      resets: mqttProxy.resets,
      drops: mqttProxy.drops,
    });

    // HTTPS through the proxy.
    const r2 = await startReceiver('recv-proxy-https', { https: 0 });
    const httpsProxy = new FaultyProxy(r2.httpsPort ?? 0, random);
    await httpsProxy.start();
    httpsProxy.faults = faults;
    const p2 = startStore('s7', cloudConfig('s7', 'https', { httpsPort: httpsProxy.port }), { ops: 150, opMs: 5 });
    await p2.waitForLog((l) => l.msg === 'op' && l.i === 149, 120_000);
    httpsProxy.faults = { resetChance: 0, dropChance: 0, delayChance: 0, delayMs: 0 };
    await p2.waitForLog('drained', 120_000);
    await p2.stop();
    const c2 = await stopReceiver(r2.program);
    await httpsProxy.stop();
    assert.ok(httpsProxy.resets + httpsProxy.drops > 0, 'the proxy did cut the link');
    await verify('s7', 'recv-proxy-https', 'https via faulty proxy', {
      ...c2,
      resets: httpsProxy.resets,
      drops: httpsProxy.drops,
    });
  });

  it('the store SIGKILLed at 10 random points while forwarding, for each transport', async () => {
    const receiver = await startReceiver('recv-kill', { mqtt: broker.url });
    const httpsReceiver = await startReceiver('recv-kill-https', { https: 0 });
    const mqttFile = cloudConfig('s4', 'mqtt', {});
    const httpsFile = cloudConfig('s8', 'https', { httpsPort: httpsReceiver.httpsPort ?? 0 });
    let seed = 99;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    // Both transports at once, each store killed at its own random points.
    const killLoop = async (store: string, file: string) => {
      for (let k = 0; k < 10; k += 1) {
        const p = startStore(store, file, { ops: 30, firstOp: k * 30, opMs: 3 });
        // A random moment after forwarding started: some ops in, while batches are in flight.
        const killAfterOp = k * 30 + Math.floor(random() * 25);
        await p.waitForLog((l) => l.msg === 'op' && (l.i as number) >= killAfterOp, 60_000);
        p.child.kill('SIGKILL');
        await p.exited;
      }
      await runToDrained(store, file, 0);
    };
    await Promise.all([killLoop('s4', mqttFile), killLoop('s8', httpsFile)]);
    const c1 = await stopReceiver(receiver.program);
    const c2 = await stopReceiver(httpsReceiver.program);
    await verify('s4', 'recv-kill', 'mqtt, store SIGKILLed 10 times', c1);
    await verify('s8', 'recv-kill-https', 'https, store SIGKILLed 10 times', c2);
  });

  it('the receiver killed and restarted while the store forwards (MQTT queue on the broker, HTTPS retries)', async () => {
    const port = await freePort();
    let mqttSide = await startReceiver('recv-restart', { mqtt: broker.url, clientId: 'recv-restart' });
    let httpsSide = await startReceiver('recv-restart-https', { https: port });
    const pm = startStore('s5', cloudConfig('s5', 'mqtt', {}), { ops: 200, opMs: 5 });
    const ph = startStore('s9', cloudConfig('s9', 'https', { httpsPort: port }), { ops: 200, opMs: 5 });
    await pm.waitForLog((l) => l.msg === 'op' && (l.i as number) >= 60, 60_000);
    mqttSide.program.child.kill('SIGKILL');
    httpsSide.program.child.kill('SIGKILL');
    await Promise.all([mqttSide.program.exited, httpsSide.program.exited]);
    await pm.waitForLog((l) => l.msg === 'op' && (l.i as number) >= 120, 60_000);
    mqttSide = await startReceiver('recv-restart', { mqtt: broker.url, clientId: 'recv-restart' });
    httpsSide = await startReceiver('recv-restart-https', { https: port });
    await pm.waitForLog('drained', 120_000);
    await ph.waitForLog('drained', 120_000);
    await pm.stop();
    await ph.stop();
    const c1 = await stopReceiver(mqttSide.program);
    const c2 = await stopReceiver(httpsSide.program);
    await verify('s5', 'recv-restart', 'mqtt, receiver restarted', c1);
    await verify('s9', 'recv-restart-https', 'https, receiver restarted', c2);
  });
});
