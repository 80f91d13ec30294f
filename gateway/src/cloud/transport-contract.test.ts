import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import mqtt from 'mqtt';
import { silentLogger } from '../logger.js';
import { until } from '../test/harness.js';
import { systemCloudClock } from './clock.js';
import { toCloudEvent } from './cloud-event.js';
import { batchKey } from './forwarder.js';
import { HttpsTransport } from './https-transport.js';
import { MqttTransport } from './mqtt-transport.js';
import { CloudReceiver } from './receiver/receiver.js';
import { startMosquitto } from './testing/mosquitto.js';
import { SimTransport } from './testing/sim-transport.js';
import { makeTestCa } from './testing/test-ca.js';
import { type CloudTransport, type OutBatch, SendError } from './transport.js';

const logger = silentLogger();

interface Rig {
  transport: CloudTransport;
  cloudDown(): Promise<void>;
  cloudUp(): Promise<void>;
  cleanup(): Promise<void>;
  downs: { kind: string; payload: string }[];
  /** Publishes a push from head office, where the transport has a way down. */
  pushDown?: (kind: string, body: string) => Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

let nextSeq = 1;
function batch(n: number): OutBatch {
  const events = Array.from({ length: n }, () => {
    const seq = nextSeq++;
    return toCloudEvent('s1', { seq, type: 'business.order.added', at: 1000 + seq, data: { at: 1000 + seq, n: seq } });
  });
  return { key: batchKey('s1', events), events };
}

/** The contract every cloud transport keeps; the simulated twin and both real ones run it. */
function contract(name: string, make: () => Promise<Rig>): void {
  describe(`cloud transport contract: ${name}`, () => {
    it('acknowledges every event of a batch, reports the link, frees its room', async () => {
      const rig = await make();
      try {
        const links: boolean[] = [];
        const downs = rig.downs;
        rig.transport.start({
          onConnected: (up) => links.push(up),
          onDown: (kind, payload) => downs.push({ kind, payload: payload.toString() }),
        });
        await rig.cloudUp();
        const b = batch(50);
        let acked: number[] = [];
        for (let attempt = 0; ; attempt += 1) {
          await until(`${name} has room`, () => rig.transport.room() > 0 || undefined, 10_000);
          try {
            acked = [];
            await rig.transport.send(b, (jseq) => acked.push(jseq));
            break;
          } catch (e) {
            // HTTPS learns that the link is up from its first answer; MQTT may still be connecting.
            assert.ok(e instanceof SendError && attempt < 20, String(e));
            await new Promise((r) => setTimeout(r, 100));
          }
        }
        assert.deepEqual(
          [...new Set(acked)].sort((x, y) => x - y),
          b.events.map((e) => e.jseq),
        );
        assert.equal(rig.transport.connected(), true);
        assert.ok(links.includes(true));
        assert.ok(rig.transport.room() > 0);
        if (rig.pushDown) {
          await rig.pushDown('ratePlans', '{"version":3}');
          await until('the push reached the downlink hook', () => rig.downs.length > 0 || undefined, 10_000);
          assert.deepEqual(rig.downs[0], { kind: 'ratePlans', payload: '{"version":3}' });
        }
      } finally {
        await rig.transport.stop();
        await rig.cleanup();
      }
    });

    it('fails sends with a SendError while the cloud is away and works again after it returns', async () => {
      const rig = await make();
      try {
        let up = false;
        rig.transport.start({ onConnected: (u) => (up = u) });
        await rig.cloudUp();
        const sendOnce = async () => {
          for (let attempt = 0; attempt < 100; attempt += 1) {
            if (rig.transport.room() > 0) {
              try {
                await rig.transport.send(batch(5), () => undefined);
                return;
              } catch {
                // not yet
              }
            }
            await new Promise((r) => setTimeout(r, 100));
          }
          throw new Error('never got through');
        };
        await sendOnce();
        await rig.cloudDown();
        const failure = await rig.transport
          .send(batch(5), () => undefined)
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        assert.ok(failure instanceof SendError, `a send fails: ${String(failure)}`);
        assert.ok(['disconnected', 'retry'].includes(failure.failure.kind));
        await until('the link reported down', () => !up || undefined, 10_000);
        assert.equal(rig.transport.connected(), false);
        await rig.cloudUp();
        await sendOnce();
        assert.equal(rig.transport.connected(), true);
      } finally {
        await rig.transport.stop();
        await rig.cleanup();
      }
    });
  });
}

contract('simulated twin', async () => {
  const sim = new SimTransport('mqtt', 100);
  return {
    transport: sim,
    downs: [],
    cloudDown: async () => sim.setUp(false),
    cloudUp: async () => sim.setUp(true),
    cleanup: async () => undefined,
  };
});

contract('MQTT bridge to Mosquitto (TLS, pinned CA)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ktv-cloud-contract-mqtt-'));
  const ca = await makeTestCa(dir);
  const port = await freePort();
  const users = [
    { username: 's1', password: 'pw1', acl: ['topic write ktv/v1/s1/cloud/up/#', 'topic read ktv/v1/s1/cloud/down/#'] },
    { username: 'hq', password: 'pwhq', acl: ['topic write ktv/v1/+/cloud/down/#'] },
  ];
  let broker: Awaited<ReturnType<typeof startMosquitto>> | undefined;
  const transport = new MqttTransport({
    url: `mqtts://127.0.0.1:${port}`,
    storeId: 's1',
    clientId: 'contract-s1',
    username: 's1',
    password: 'pw1',
    ca: ca.ca,
    servername: ca.servername,
    inflight: 100,
    keepaliveSec: 5,
    retryMinMs: 50,
    retryMaxMs: 200,
    clock: systemCloudClock,
    logger,
  });
  return {
    transport,
    downs: [],
    cloudDown: async () => {
      await broker?.stop();
      broker = undefined;
    },
    cloudUp: async () => {
      broker ??= await startMosquitto(dir, ca, users, { port });
    },
    pushDown: async (kind, body) => {
      const hq = await mqtt.connectAsync(`mqtts://127.0.0.1:${port}`, {
        username: 'hq',
        password: 'pwhq',
        ca: ca.ca,
        servername: ca.servername,
        rejectUnauthorized: true,
      });
      await until('the bridge subscribed', () => transport.connected() || undefined);
      await hq.publishAsync(`ktv/v1/s1/cloud/down/${kind}`, body, { qos: 1 });
      await hq.endAsync();
    },
    cleanup: async () => {
      await broker?.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

contract('HTTPS batches to the reference receiver (TLS, pinned CA)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ktv-cloud-contract-https-'));
  const ca = await makeTestCa(dir);
  const port = await freePort();
  let receiver: CloudReceiver | undefined;
  return {
    transport: new HttpsTransport({
      url: `https://127.0.0.1:${port}/v1/events`,
      storeId: 's1',
      token: 'tok',
      ca: ca.ca,
      servername: ca.servername,
      batchMax: 100,
      timeoutMs: 5000,
      clock: systemCloudClock,
      logger,
    }),
    downs: [],
    cloudDown: async () => {
      await receiver?.stop();
      receiver = undefined;
    },
    cloudUp: async () => {
      if (receiver) return;
      receiver = await CloudReceiver.open({
        dataDir: join(dir, `cloud-${Date.now()}`),
        logger,
        https: { host: '127.0.0.1', port, cert: ca.cert, key: ca.key, tokens: ['tok'] },
      });
      await receiver.start();
    },
    cleanup: async () => {
      await receiver?.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
