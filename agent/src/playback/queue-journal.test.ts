import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import type { QueueEntry } from '../queue/types.js';
import { DEFAULT_QUEUE_OPTIONS } from '../queue/types.js';
import { encodeJournalRecord } from './journal-records.js';
import { replayQueueJournal } from './journal-replay.js';
import { QUEUE_JOURNAL_FILE, QueueJournal } from './queue-journal.js';

const logger = pino({ level: 'silent' });
const e = (id: string): QueueEntry => ({ entryId: id, songId: `s-${id}`, addedAt: 1 });
const opts = DEFAULT_QUEUE_OPTIONS;

describe('queue journal', () => {
  it('replays ops, vocal choices and snapshots; a torn tail is cut, a corrupt middle line skipped', () => {
    const lines = [
      encodeJournalRecord({ k: 'op', op: { type: 'add', entry: e('a') } }),
      encodeJournalRecord({ k: 'op', op: { type: 'add', entry: e('b') } }),
      'deadbeef {"k":"op"}\n',
      encodeJournalRecord({ k: 'vocal', entryId: 'a', mode: 'vocalsOff' }),
      encodeJournalRecord({ k: 'op', op: { type: 'setPosition', entryId: 'a', positionMs: 4200 } }),
    ];
    const whole = Buffer.from(lines.join(''));
    const torn = Buffer.concat([
      whole,
      Buffer.from(encodeJournalRecord({ k: 'op', op: { type: 'skip' } }).slice(0, 20)),
    ]);
    const r = replayQueueJournal(torn, opts);
    assert.equal(r.validBytes, whole.length);
    assert.equal(r.tornBytes, torn.length - whole.length);
    assert.equal(r.skippedLines, 1);
    assert.equal(r.image.queue.current?.entryId, 'a');
    assert.equal(r.image.queue.positionMs, 4200);
    assert.deepEqual(
      r.image.queue.upcoming.map((x) => x.entryId),
      ['b'],
    );
    assert.equal(r.image.vocals.get('a'), 'vocalsOff');
  });

  it('persists across open, cuts a torn tail on disk and compacts into one snapshot', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ktv-qj-'));
    try {
      const j1 = await QueueJournal.open({ dir, logger, queueOptions: opts, compactBytes: 2000 });
      await j1.append({ k: 'op', op: { type: 'add', entry: e('a') } });
      await j1.append({ k: 'op', op: { type: 'add', entry: e('b') } });
      await j1.append({ k: 'vocal', entryId: 'a', mode: 'vocalsOff' });
      for (let p = 1; p <= 40; p++)
        await j1.append({ k: 'op', op: { type: 'setPosition', entryId: 'a', positionMs: p * 100 } });
      assert.ok(j1.fileBytes < 2000, `compacted: ${j1.fileBytes} bytes`);
      await j1.close();
      const file = join(dir, QUEUE_JOURNAL_FILE);
      await appendFile(file, '0123abcd {"k":"op","op":{"ty');
      const j2 = await QueueJournal.open({ dir, logger, queueOptions: opts });
      assert.equal(j2.image.queue.current?.entryId, 'a');
      assert.equal(j2.image.queue.positionMs, 4000);
      assert.deepEqual(
        j2.image.queue.upcoming.map((x) => x.entryId),
        ['b'],
      );
      assert.equal(j2.image.vocals.get('a'), 'vocalsOff');
      assert.ok((await readFile(file, 'utf8')).endsWith('\n'), 'torn tail cut');
      await j2.append({ k: 'op', op: { type: 'skip' } });
      await j2.close();
      const j3 = await QueueJournal.open({ dir, logger, queueOptions: opts });
      assert.equal(j3.image.queue.current?.entryId, 'b');
      assert.equal(j3.image.vocals.size, 0, 'the skipped entry’s vocal choice is forgotten');
      await j3.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
