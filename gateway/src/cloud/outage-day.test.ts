import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createIdFactory } from '@ktv/protocol';
import { BusinessService } from '../business/sessions/business-service.js';
import { eveningSettings, runOperation } from '../business/testing/busy-evening.js';
import { rngFor, seededUlid } from '../business/testing/seeded.js';
import { ROOM_EVENT_RECORD } from '../events/stored-event.js';
import { Journal } from '../journal/index.js';
import { silentLogger } from '../logger.js';
import { roomTypeFor } from '../settings/business-settings.js';
import { until } from '../test/harness.js';
import { Forwarder } from './forwarder.js';
import { HttpsTransport } from './https-transport.js';
import { readStoredEvents, selectEvents } from './receiver/cloud-store.js';
import { CloudReceiver } from './receiver/receiver.js';
import { ManualClock } from './testing/sim-transport.js';
import { makeTestCa } from './testing/test-ca.js';
import { compareDelivery, expectedCloudEvents } from './testing/verify.js';

const logger = silentLogger();
const ROOMS = ['101', '102', '103', '104', '105', '106', '107', '108', '109', '110', '111', '112'];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

test('the cloud is down for a (time-accelerated) day while the store runs; it all arrives when it returns', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ktv-cloud-day-'));
  const ca = await makeTestCa(dir);
  const clock = new ManualClock(Date.UTC(2026, 10, 20, 2, 0, 0));
  const journal = await Journal.open(join(dir, 'store', 'journal'), { logger, now: clock.now });
  const settings = eveningSettings();
  let opIndex = 0;
  let ids = 0;
  const service = await BusinessService.open({
    journal,
    settings: () => settings,
    roomExists: (r) => ROOMS.includes(r),
    roomTypeOf: (r) => roomTypeFor(settings, r).id,
    now: clock.now,
    newId: (now) => seededUlid(now, rngFor(5, opIndex * 16 + ids++)),
    logger,
  });
  const port = await freePort();
  const transport = new HttpsTransport({
    url: `https://127.0.0.1:${port}/v1/events`,
    storeId: 's1',
    token: 'tok',
    ca: ca.ca,
    servername: ca.servername,
    batchMax: 200,
    timeoutMs: 5000,
    clock,
    logger,
  });
  const forwarder = new Forwarder({
    journal,
    storeId: 's1',
    transport,
    logger,
    clock,
    random: () => 0.5,
    readChunk: 50,
    retryMinMs: 1000,
    retryMaxMs: 60_000,
    parkDir: join(dir, 'store', 'parked'),
    pollMs: 5,
  });
  await forwarder.start();

  // A day: an operation every 10 minutes and three room events with it; the cloud is unreachable.
  const nextId = createIdFactory();
  const roomSeq = new Map<string, number>();
  const dayStart = clock.now();
  let slowestOpMs = 0;
  for (opIndex = 0; opIndex < 144; opIndex += 1) {
    ids = 0;
    const started = performance.now();
    const rng = rngFor(3, opIndex);
    await runOperation(service, rng);
    await journal.appendAll(
      Array.from({ length: 3 }, () => {
        const room = ROOMS[Math.floor(rng() * ROOMS.length)] ?? '101';
        const seq = (roomSeq.get(room) ?? 0) + 1;
        roomSeq.set(room, seq);
        const at = clock.now();
        return {
          type: ROOM_EVENT_RECORD,
          data: { id: nextId(at), type: 'song.started', room, seq, at, data: {}, receivedAt: at },
        };
      }),
    );
    slowestOpMs = Math.max(slowestOpMs, performance.now() - started);
    clock.advance(10 * 60_000); // retries fire on the fake clock and fail against the closed port
  }
  const down = forwarder.state();
  assert.equal(down.connected, false);
  assert.equal(down.waiting, journal.lastSeq(), 'everything waits');
  await until('the oldest age is read', () => (forwarder.state().oldestAgeMs ?? 0) > 0 || undefined, 5000);
  const age = forwarder.state().oldestAgeMs ?? 0;
  assert.ok(age >= 23 * 3600_000 && age <= 24 * 3600_000 + 60_000, `oldest waiting for about a day (${age} ms)`);
  assert.equal(forwarder.acknowledged(), 0);
  assert.ok(slowestOpMs < 2000, `the store never waited on the cloud (slowest op ${slowestOpMs.toFixed(0)} ms)`);

  // The cloud returns: the next retry (on the clock) finds it, the backlog drains, live records too.
  const receiver = await CloudReceiver.open({
    dataDir: join(dir, 'cloud'),
    logger,
    https: { host: '127.0.0.1', port, cert: ca.cert, key: ca.key, tokens: ['tok'] },
  });
  await receiver.start();
  await until('a retry is scheduled', () => clock.pendingTimers() > 0 || undefined, 10_000);
  clock.advance(60_000);
  await until('catching up', () => forwarder.state().connected || undefined, 10_000);
  const live = await journal.append('business.order.added', { at: clock.now(), note: 'live during catch-up' });
  await until('everything acknowledged', () => forwarder.acknowledged() === live.seq || undefined, 30_000);
  const st = forwarder.state();
  assert.equal(st.waiting, 0);
  assert.equal(st.oldestAgeMs, null);
  assert.equal(st.lastAckAt, clock.now());
  assert.ok(clock.now() - dayStart >= 24 * 3600_000);

  await forwarder.stop();
  await receiver.stop();
  await journal.close();
  const expected = await expectedCloudEvents(join(dir, 'store', 'journal'), 's1');
  const received = await readStoredEvents(join(dir, 'cloud', 'journal'));
  const byRoom = new Map(ROOMS.map((r) => [r, selectEvents(received, 's1', r)]));
  const report = compareDelivery(expected, received, byRoom);
  assert.deepEqual(
    {
      lost: report.lost,
      storedTwice: report.storedTwice,
      moneyMissing: report.moneyMissing,
      order: report.roomsOutOfOrder,
    },
    { lost: 0, storedTwice: 0, moneyMissing: 0, order: [] },
  );
  assert.ok(report.moneyExpected > 50);
  await rm(dir, { recursive: true, force: true });
});
