import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isUlid } from '@ktv/protocol';
import { pino } from 'pino';
import { OUTBOX_FILE, Outbox, type OutboxOptions } from './outbox.js';

const logger = pino({ level: 'silent' });

describe('Outbox', () => {
  let root: string;
  let n = 0;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'ktv-outbox-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });
  const dirFor = () => join(root, `case-${++n}`);
  const openAt = (dir: string, extra: Partial<OutboxOptions> = {}) =>
    Outbox.open({ dir, roomId: '101', logger, ...extra });

  it('records with ULID ids and consecutive seqs; pending in seq order', async () => {
    const ob = await openAt(dirFor(), { now: () => 1_700_000_000_000 });
    const a = await ob.record({ type: 'agent.started', data: { version: '0.1.0' } });
    const b = await ob.record({ type: 'sensor.changed', data: { sensor: 'door', value: true } });
    assert.ok(isUlid(a.id) && isUlid(b.id) && a.id < b.id);
    assert.deepEqual([a.seq, b.seq], [1, 2]);
    assert.equal(a.room, '101');
    assert.equal(a.at, 1_700_000_000_000);
    assert.deepEqual(ob.pending(), [a, b]);
    await ob.close();
  });

  it('groups concurrent records and keeps their order', async () => {
    const ob = await openAt(dirFor());
    const events = await Promise.all(Array.from({ length: 50 }, () => ob.record({ type: 'service.called', data: {} })));
    assert.deepEqual(
      events.map((e) => e.seq),
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    assert.equal(ob.pendingCount, 50);
    await ob.close();
  });

  it('ack removes, survives a restart, and seq continues', async () => {
    const dir = dirFor();
    const ob = await openAt(dir);
    for (let i = 0; i < 3; i++) await ob.record({ type: 'service.called', data: {} });
    await ob.ack(2);
    await ob.ack(2); // idempotent
    await ob.ack(99); // unknown
    assert.deepEqual(
      ob.pending().map((e) => e.seq),
      [1, 3],
    );
    await ob.close();
    const again = await openAt(dir);
    assert.deepEqual(
      again.pending().map((e) => e.seq),
      [1, 3],
    );
    assert.equal((await again.record({ type: 'service.cancelled', data: {} })).seq, 4);
    await again.close();
  });

  it('notifies on change', async () => {
    const ob = await openAt(dirFor());
    let calls = 0;
    const off = ob.onChange(() => {
      calls += 1;
    });
    const e = await ob.record({ type: 'service.called', data: {} });
    await ob.ack(e.seq);
    off();
    await ob.record({ type: 'service.called', data: {} });
    assert.equal(calls, 2);
    await ob.close();
  });

  it('cuts a torn tail on open and keeps going', async () => {
    const dir = dirFor();
    const ob = await openAt(dir);
    await ob.record({ type: 'service.called', data: {} });
    await ob.close();
    await appendFile(join(dir, OUTBOX_FILE), 'deadbeef {"k":"e","ev":{"se');
    const lines: string[] = [];
    const capture = pino({ level: 'info' }, { write: (s: string) => lines.push(s) });
    const again = await Outbox.open({ dir, roomId: '101', logger: capture });
    assert.ok(lines.some((l) => l.includes('outbox torn tail cut')));
    assert.equal((await again.record({ type: 'service.called', data: {} })).seq, 2);
    await again.close();
    const third = await openAt(dir);
    assert.deepEqual(
      third.pending().map((e) => e.seq),
      [1, 2],
    );
    await third.close();
  });

  it('compacts when everything is acked and keeps the seq counter', async () => {
    const dir = dirFor();
    const ob = await openAt(dir, { compactBytes: 2000 });
    let last = 0;
    for (let i = 0; i < 40; i++) {
      const e = await ob.record({ type: 'sensor.changed', data: { sensor: 'motion', value: i % 2 === 0 } });
      last = e.seq;
      await ob.ack(e.seq);
    }
    assert.ok(ob.fileBytes < 2000, `file is ${ob.fileBytes} bytes`);
    assert.equal((await stat(join(dir, OUTBOX_FILE))).size, ob.fileBytes);
    await ob.close();
    const again = await openAt(dir);
    assert.equal(again.pendingCount, 0);
    assert.equal((await again.record({ type: 'service.called', data: {} })).seq, last + 1);
    await again.close();
    const contents = await readFile(join(dir, OUTBOX_FILE), 'utf8');
    assert.ok(contents.split('\n').length < 40);
  });

  it('loses nothing when records race a compaction', async () => {
    const dir = dirFor();
    const ob = await openAt(dir, { compactBytes: 100 });
    const first = await ob.record({ type: 'service.called', data: {} });
    const acking = ob.ack(first.seq);
    const racing = Array.from({ length: 10 }, () => ob.record({ type: 'service.called', data: {} }));
    await acking;
    const recorded = await Promise.all(racing);
    await ob.close();
    const again = await openAt(dir);
    assert.deepEqual(
      again.pending().map((e) => e.id),
      recorded.map((e) => e.id),
    );
    await again.close();
  });
});
