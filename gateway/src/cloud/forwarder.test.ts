import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Journal } from '../journal/index.js';
import { silentLogger } from '../logger.js';
import { until } from '../test/harness.js';
import { CLOUD_CURSOR, COALESCED_RECORD, Forwarder } from './forwarder.js';
import { ManualClock, SimTransport } from './testing/sim-transport.js';

const logger = silentLogger();

async function setup(records: number, o: { window?: number; kind?: 'mqtt' | 'https'; readChunk?: number } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'ktv-cloud-fwd-'));
  const journal = await Journal.open(join(dir, 'journal'), { logger, segmentBytes: 64 * 1024 });
  for (let i = 0; i < records; i += 100) {
    const n = Math.min(100, records - i);
    await journal.appendAll(
      Array.from({ length: n }, (_, k) => ({ type: 'business.order.added', data: { at: 1000 + i + k, n: i + k } })),
    );
  }
  const clock = new ManualClock();
  const transport = new SimTransport(o.kind ?? 'mqtt', o.window ?? 100);
  const make = (t = transport) =>
    new Forwarder({
      journal,
      storeId: 's1',
      transport: t,
      logger,
      clock,
      random: () => 0.5,
      readChunk: o.readChunk ?? 50,
      retryMinMs: 1000,
      retryMaxMs: 60_000,
      parkDir: join(dir, 'parked'),
      pollMs: 5,
    });
  return {
    dir,
    journal,
    clock,
    transport,
    make,
    async cleanup() {
      await journal.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

test('forwards every record once, oldest first, and the cursor reaches the end', async () => {
  const s = await setup(1234);
  const f = s.make();
  await f.start();
  s.transport.setUp(true);
  await until('all acknowledged', () => f.acknowledged() === 1234 || undefined);
  assert.equal(s.transport.delivered.length, 1234);
  assert.equal(s.transport.distinctIds().size, 1234);
  assert.deepEqual(
    s.transport.delivered.map((e) => e.jseq),
    Array.from({ length: 1234 }, (_, i) => i + 1),
  );
  await until('cursor saved', async () =>
    (await s.journal.cursor(CLOUD_CURSOR)).position() === 1234 ? true : undefined,
  );
  const st = f.state();
  assert.equal(st.waiting, 0);
  assert.equal(st.oldestAgeMs, null);
  assert.equal(st.connected, true);
  assert.equal(st.lastAckAt, s.clock.now());
  // Live: a new record goes up on its own.
  await s.journal.append('business.session.opened', { at: 5, room: '101' });
  await until('live record', () => f.acknowledged() === 1235 || undefined);
  await f.stop();
  await s.cleanup();
});

test('a crash resends at most the unacknowledged tail', async () => {
  const s = await setup(500);
  s.transport.holdFrom = 250;
  const f1 = s.make();
  await f1.start();
  s.transport.setUp(true);
  await until('some held', () => (s.transport.delivered.length > 250 ? true : undefined));
  await until('acked before the held ones', () => (f1.acknowledged() >= 200 ? true : undefined));
  await f1.stop(); // the held acks never come: like a crash before the PUBACKs
  const cursor = (await s.journal.cursor(CLOUD_CURSOR)).position();
  assert.ok(cursor >= 200 && cursor < 500, `cursor ${cursor}`);
  const sent = s.transport.delivered.length;
  const second = new SimTransport('mqtt', 100);
  const f2 = s.make(second);
  await f2.start();
  second.setUp(true);
  await until('rest acked', () => f2.acknowledged() === 500 || undefined);
  // The second run starts right after the durable cursor: nothing acknowledged is sent again.
  assert.equal(second.delivered[0]?.jseq, cursor + 1);
  const all = new Set([...s.transport.distinctIds(), ...second.distinctIds()]);
  assert.equal(all.size, 500);
  assert.ok(sent - cursor <= 100, 'at most the window was unacknowledged');
  await f2.stop();
  await s.cleanup();
});

test('a dropped link: unacknowledged events go again after it returns; nothing lost', async () => {
  const s = await setup(800);
  s.transport.holdFrom = 300;
  const f = s.make();
  await f.start();
  s.transport.setUp(true);
  await until('held', () => (s.transport.delivered.length > 300 ? true : undefined));
  s.transport.holdFrom = Number.POSITIVE_INFINITY;
  s.transport.setUp(false);
  assert.equal(f.state().connected, false);
  assert.ok(f.state().waiting > 0);
  s.transport.setUp(true);
  await until('all acked', () => f.acknowledged() === 800 || undefined);
  assert.equal(s.transport.distinctIds().size, 800);
  assert.ok(f.state().resent > 0, 'the held ones were sent again');
  await f.stop();
  await s.cleanup();
});

test('catch-up: live records are sent while a backlog drains, the cursor only moves when both are acknowledged', async () => {
  const s = await setup(3000, { window: 40, readChunk: 40 });
  const f = s.make();
  await f.start();
  s.transport.setUp(true);
  await until('catch-up started', () => f.state().catchUp ?? undefined);
  const liveFrom = f.state().catchUp?.liveFrom ?? 0;
  const live = await s.journal.append('business.session.checkedOut', { at: 7, room: '103' });
  await until('live record sent', () => s.transport.delivered.some((e) => e.jseq === live.seq) || undefined);
  const backlogSentBefore = s.transport.delivered.filter((e) => e.jseq < liveFrom).length;
  assert.ok(backlogSentBefore < 3000, 'the live record did not wait for the whole backlog');
  await until('all acked', () => f.acknowledged() === live.seq || undefined);
  assert.equal(f.state().catchUp, null);
  assert.equal(s.transport.distinctIds().size, live.seq);
  await f.stop();
  await s.cleanup();
});

test('HTTPS-like failures: 429 waits for Retry-After on the clock, same key again; a 400 batch is parked; 401 stops', async () => {
  const s = await setup(300, { kind: 'https', window: 100, readChunk: 100 });
  s.transport.failures.push({ kind: 'retry', status: 429, afterMs: 30_000, detail: 'HTTP 429' });
  const f = s.make();
  await f.start();
  s.transport.setUp(true);
  await until('first try', () => s.transport.keys.length === 1 || undefined);
  assert.equal(f.acknowledged(), 0);
  await until('retry timer', () => s.clock.pendingTimers() === 1 || undefined);
  s.clock.advance(29_000);
  assert.equal(s.transport.keys.length, 1, 'not before Retry-After');
  s.clock.advance(1000);
  await until('retried', () => s.transport.keys.length >= 2 || undefined);
  assert.equal(s.transport.keys[1], s.transport.keys[0], 'same Idempotency-Key on the retry');
  await until('acked', () => f.acknowledged() === 300 || undefined);

  s.transport.failures.push({ kind: 'park', status: 400, detail: 'HTTP 400 bad' });
  await s.journal.appendAll([
    { type: 'business.order.added', data: { at: 1 } },
    { type: 'business.order.added', data: { at: 2 } },
  ]);
  await until('parked', () => f.state().parkedBatches === 1 || undefined);
  assert.equal(f.state().alert?.code, 'KTV_E_CLOUD_PARKED');
  const parked = await readdir(join(s.dir, 'parked'));
  assert.equal(parked.length, 1);
  await until('past the parked batch', () => f.acknowledged() === 302 || undefined);

  s.transport.failures.push({ kind: 'refused', status: 401, detail: 'HTTP 401' });
  await s.journal.append('business.order.added', { at: 3 });
  await until('refused', () => (f.state().alert?.code === 'KTV_E_CLOUD_REFUSED' ? true : undefined));
  const tries = s.transport.keys.length;
  s.clock.advance(3_600_000);
  await s.journal.append('business.order.added', { at: 4 });
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(s.transport.keys.length, tries, 'nothing is sent after the credentials were refused');
  assert.equal(f.state().waiting, 2);
  await f.stop();
  await s.cleanup();
});

test('coalesced telemetry records are skipped and the cursor moves past them', async () => {
  const s = await setup(10);
  await s.journal.append(COALESCED_RECORD, { type: 'room.event', room: '101' });
  await s.journal.append('business.order.added', { at: 1 });
  const f = s.make();
  await f.start();
  s.transport.setUp(true);
  await until('all', () => f.acknowledged() === 12 || undefined);
  assert.equal(s.transport.delivered.length, 11);
  assert.ok(!s.transport.delivered.some((e) => e.kind === COALESCED_RECORD));
  assert.ok(!existsSync(join(s.dir, 'parked')));
  await f.stop();
  await s.cleanup();
});
