import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { silentLogger } from '../../logger.js';
import { toCloudEvent } from '../cloud-event.js';
import { readStoredEvents, selectEvents } from './cloud-store.js';
import { parseNdjson } from './https-endpoint.js';
import { CloudReceiver } from './receiver.js';

const ev = (jseq: number, room = '101', seq: number | null = null) =>
  seq === null
    ? toCloudEvent('s1', { seq: jseq, type: 'business.order.added', at: jseq, data: { at: jseq } })
    : toCloudEvent('s1', {
        seq: jseq,
        type: 'room.event',
        at: jseq,
        data: { id: `01J${String(jseq).padStart(23, '0')}`, type: 'song.started', room, seq, at: jseq, data: {} },
      });

test('NDJSON: blank lines ignored, bad lines named by number', () => {
  const good = JSON.stringify(ev(1));
  const r = parseNdjson(`${good}\n\nnot json\n{"id":"x"}\n${good}\n`);
  assert.equal(r.events.length, 2);
  assert.deepEqual(r.bad, [3, 4]);
});

test('HTTPS endpoint: token, Idempotency-Key replay, de-duplication by id, 400 for a bad batch, stats; query per room by seq', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ktv-cloud-endpoint-'));
  const receiver = await CloudReceiver.open({
    dataDir: dir,
    logger: silentLogger(),
    https: { host: '127.0.0.1', port: 0, tokens: ['tok'] },
  });
  await receiver.start();
  const url = `http://127.0.0.1:${receiver.httpsPort}/v1/events`;
  const post = (events: unknown[], key: string, token = 'tok', raw?: string) =>
    fetch(url, {
      method: 'POST',
      headers: {
        'content-encoding': 'gzip',
        'content-type': 'application/x-ndjson',
        'idempotency-key': key,
        authorization: `Bearer ${token}`,
      },
      body: gzipSync(Buffer.from(raw ?? events.map((e) => `${JSON.stringify(e)}\n`).join(''))),
    });
  try {
    assert.equal((await post([ev(1)], 'k0', 'wrong')).status, 401);
    const first = await post([ev(1), ev(2, '102', 2), ev(3, '102', 1)], 'k1');
    assert.equal(first.status, 200);
    assert.deepEqual(await first.json(), { accepted: 3, duplicates: 0 });
    // A retry of the same batch: the first answer again, nothing stored twice.
    const again = await post([ev(1), ev(2, '102', 2), ev(3, '102', 1)], 'k1');
    assert.deepEqual(await again.json(), { accepted: 3, duplicates: 0 });
    // The same events in another batch (after a crash): de-duplicated by id and counted.
    const other = await post([ev(2, '102', 2), ev(4)], 'k2');
    assert.deepEqual(await other.json(), { accepted: 1, duplicates: 1 });
    const bad = await post([], 'k3', 'tok', `${JSON.stringify(ev(5))}\n{"nope":1}\n`);
    assert.equal(bad.status, 400);
    const stats = (await (await fetch(`http://127.0.0.1:${receiver.httpsPort}/v1/stats`)).json()) as Record<
      string,
      number
    >;
    assert.equal(stats.events, 4);
    assert.equal(stats.duplicates, 1);
    assert.equal(stats.replayedBatches, 1);
    assert.equal(stats.invalid, 1);
  } finally {
    await receiver.stop();
  }
  const stored = await readStoredEvents(join(dir, 'journal'));
  assert.equal(stored.length, 4);
  assert.deepEqual(
    selectEvents(stored, 's1', '102').map((e) => e.seq),
    [1, 2],
  );
  assert.deepEqual(
    selectEvents(stored, 's1').map((e) => e.jseq),
    [1, 2, 3, 4],
  );
  // A restarted receiver still knows every id.
  const again = await CloudReceiver.open({ dataDir: dir, logger: silentLogger() });
  assert.deepEqual(await again.store.add([ev(1), ev(9)]), { added: 1, duplicates: 1 });
  assert.equal(again.counts().duplicatesAllRuns, 2);
  await again.stop();
  await rm(dir, { recursive: true, force: true });
});
