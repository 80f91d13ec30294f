/**
 * `journal` benchmark: the gateway's durable journal (gateway/src/journal).
 * - eventsPerSec: money-like records per second from many concurrent writers, each acknowledged
 *   only after fdatasync (group commit); beside it, in the same run, plain appendFile without
 *   fdatasync and one fdatasync per record.
 * - replayMs: start-up replay of a year of one store (assumption below), from the first record and
 *   from a snapshot taken a day before the end.
 * - bytesPerHour: what a busy evening writes per hour at steady state (record mix below):
 *   `bytesPerHour` counts the bytes appended to the journal (records, snapshots, cursor);
 *   `pageBytesPerHour` what the kernel reports the process sent to storage (/proc/self/io
 *   write_bytes): each fdatasync'd small write rewrites at least one 4 KiB page.
 */
import { readFileSync } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_EVENT_LINGER_MS, journal as J, silentLogger } from '@ktv/gateway';
import { makeTempDir } from '../testkit/temp.js';
import { round } from './stats.js';

/** A year of one store: 40 rooms x 300 records a day (room events and money) x 365 days. */
export const YEAR = { rooms: 40, recordsPerRoomPerDay: 300, days: Number(process.env.KTV_BENCH_JOURNAL_DAYS ?? 365) };

/**
 * A busy evening, per room in use per hour: 15 song.started + 15 song.ended, 40 queue.changed,
 * 30 sensor.changed (door, PIR), 1 service.called (room events from the agents), 4 order.added,
 * 1 session record (open / extend / close), all 40 rooms in use. Snapshots: the room-events one
 * every 20,000 events and a sessions one every 1,000 money records.
 */
const EVENING_MIX: [type: string, perRoomPerHour: number][] = [
  ['song.started', 15],
  ['song.ended', 15],
  ['queue.changed', 40],
  ['sensor.changed', 30],
  ['service.called', 1],
  ['order.added', 4],
  ['session.extended', 1],
];
const EVENING_ROOMS = 40;

const WRITERS = 64;

function roomEvent(type: string, room: number, seq: number): { type: string; data: unknown } {
  const data: Record<string, unknown> =
    type === 'song.started'
      ? {
          entryId: `e${seq}`,
          songId: `s${seq % 5000}`,
          title: '月亮代表我的心',
          artist: '邓丽君',
          vocalMode: 'vocalsOff',
        }
      : type === 'song.ended'
        ? { entryId: `e${seq}`, songId: `s${seq % 5000}`, reason: 'eof', playedMs: 215_000 }
        : type === 'queue.changed'
          ? { op: 'add', entryId: `e${seq}`, songId: `s${seq % 5000}`, upcoming: 3 }
          : type === 'sensor.changed'
            ? { sensor: 'pir', value: seq % 2 === 0 }
            : {};
  return {
    type: 'room.event',
    data: {
      id: `01JBENCH${String(room).padStart(4, '0')}${String(seq).padStart(14, '0')}`,
      type,
      room: String(100 + room),
      seq,
      at: 1_760_000_000_000 + seq * 1000,
      data,
      receivedAt: 1_760_000_000_000 + seq * 1000 + 3,
    },
  };
}

function moneyRecord(type: string, room: number, n: number): { type: string; data: unknown } {
  return {
    type,
    data: {
      sessionId: `01JSESSION${String(room).padStart(4, '0')}${String(n).padStart(12, '0')}`,
      room: String(100 + room),
      lineId: `L${n}`,
      itemId: 'beer-tsingtao',
      qty: 2,
      unitFen: 1500,
      amountFen: 3000,
      by: 'frontdesk-01',
    },
  };
}

/** The file port of node, counting fdatasyncs. */
function countingFiles(): { files: J.JournalFiles; syncs: () => number } {
  let syncs = 0;
  return {
    syncs: () => syncs,
    files: {
      async openAppend(path) {
        const inner = await J.nodeJournalFiles.openAppend(path);
        return {
          write: (data) => inner.write(data),
          datasync: () => {
            syncs += 1;
            return inner.datasync();
          },
          close: () => inner.close(),
        };
      },
      syncDir: (path) => J.nodeJournalFiles.syncDir(path),
    },
  };
}

async function groupCommit(dir: string, durationMs: number) {
  const { files, syncs } = countingFiles();
  const journal = await J.Journal.open(join(dir, 'group'), { logger: silentLogger(), files });
  let count = 0;
  const t0 = performance.now();
  const deadline = t0 + durationMs;
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      for (let n = 0; performance.now() < deadline; n += 1) {
        const r = moneyRecord('order.added', w % 40, n);
        await journal.append(r.type, r.data);
        count += 1;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  await journal.close();
  return { eventsPerSec: Math.round(count / seconds), recordsPerFdatasync: round(count / syncs(), 1) };
}

async function plainAppend(dir: string, durationMs: number, sync: boolean): Promise<number> {
  const handle = await open(join(dir, sync ? 'per-record-sync.ndjson' : 'plain.ndjson'), 'a');
  let count = 0;
  const t0 = performance.now();
  try {
    while (performance.now() - t0 < durationMs) {
      await handle.appendFile(`${JSON.stringify(moneyRecord('order.added', count % 40, count))}\n`);
      if (sync) await handle.datasync();
      count += 1;
    }
  } finally {
    await handle.close();
  }
  return Math.round(count / ((performance.now() - t0) / 1000));
}

type Totals = Record<string, number>;
function reduce(state: Totals, record: J.JournalRecord): Totals {
  const data = record.data as { room?: string; amountFen?: number };
  if (data.room && data.amountFen) state[data.room] = (state[data.room] ?? 0) + data.amountFen;
  else state[record.type] = (state[record.type] ?? 0) + 1;
  return state;
}

async function year(dir: string) {
  const path = join(dir, 'year');
  const writer = await J.Journal.open(path, { logger: silentLogger() });
  const perDay = YEAR.rooms * YEAR.recordsPerRoomPerDay;
  const total = perDay * YEAR.days;
  const batch: { type: string; data: unknown }[] = [];
  let state: Totals = {};
  for (let i = 0; i < total; i += 1) {
    const room = i % YEAR.rooms;
    batch.push(i % 25 === 0 ? moneyRecord('order.added', room, i) : roomEvent('queue.changed', room, i));
    if (batch.length === 5000 || i === total - 1) {
      for (const r of await writer.appendAll(batch.splice(0))) state = reduce(state, r);
    }
    if (i === total - perDay - 1) {
      await writer.writeSnapshot('bench', writer.lastSeq(), state);
    }
  }
  await writer.close();
  let bytes = 0;
  for (const f of await readdir(path)) if (f.endsWith('.ndjson')) bytes += (await stat(join(path, f))).size;

  const t0 = performance.now();
  const full = await J.Journal.open(path, { logger: silentLogger() });
  let fullState: Totals = {};
  for await (const r of full.read(1)) fullState = reduce(fullState, r);
  const replayMs = performance.now() - t0;
  await full.close();

  const t1 = performance.now();
  const fast = await J.Journal.open(path, { logger: silentLogger() });
  const snapshot = await fast.readSnapshot('bench');
  let fastState = { ...(snapshot?.state as Totals) };
  for await (const r of fast.read((snapshot?.atSeq ?? 0) + 1)) fastState = reduce(fastState, r);
  const snapshotReplayMs = performance.now() - t1;
  await fast.close();
  if (JSON.stringify(fastState) !== JSON.stringify(fullState))
    throw new Error('snapshot + replay differs from full replay');
  return {
    records: total,
    journalBytes: bytes,
    replayMs: Math.round(replayMs),
    replayWithSnapshotMs: Math.round(snapshotReplayMs),
  };
}

function processWriteBytes(): number | undefined {
  try {
    const m = /write_bytes: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** The busy hour's records, in an interleaved arrival order. */
function busyHourRecords(): { type: string; data: unknown }[] {
  const records: { type: string; data: unknown }[] = [];
  let seq = 0;
  for (const [type, rate] of EVENING_MIX) {
    for (let room = 0; room < EVENING_ROOMS; room += 1) {
      for (let k = 0; k < rate; k += 1) {
        seq += 1;
        records.push(
          type === 'order.added' || type.startsWith('session.')
            ? moneyRecord(type, room, seq)
            : roomEvent(type, room, seq),
        );
      }
    }
  }
  // a fixed shuffle (LCG), so every run writes the same sequence
  let x = 12345;
  for (let i = records.length - 1; i > 0; i -= 1) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const k = x % (i + 1);
    [records[i], records[k]] = [records[k] as (typeof records)[number], records[i] as (typeof records)[number]];
  }
  return records;
}

/**
 * A sixth of the busy hour at 100x speed (the arrival gaps and the linger scaled alike, so the
 * number of fdatasyncs is the real one), times six; plus the snapshots an hour writes (room
 * events: one per 20,000 events; sessions: one per 1,000 money records) and the cloud cursor.
 */
async function busyHour(dir: string, lingerMs: number) {
  const SPEED = 100;
  const SAMPLE = 6;
  const path = join(dir, `hour-${lingerMs}`);
  const journal = await J.Journal.open(path, { logger: silentLogger() });
  const cursor = await journal.cursor('cloud');
  const all = busyHourRecords();
  const sample = all.slice(0, Math.ceil(all.length / SAMPLE));
  const gapMs = 3_600_000 / all.length / SPEED;
  const ioBefore = processWriteBytes();
  const t0 = performance.now();
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < sample.length; i += 1) {
    const r = sample[i] as { type: string; data: unknown };
    const wait = t0 + i * gapMs - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const linger = r.type === 'room.event' ? lingerMs / SPEED : 0;
    pending.push(
      journal
        .append(r.type, r.data, { lingerMs: linger })
        .then((w) => (w.seq % 500 === 0 ? cursor.advance(w.seq) : undefined)),
    );
  }
  await Promise.all(pending);
  const ioAfter = processWriteBytes();
  const roomEvents = all.filter((r) => r.type === 'room.event').length;
  const money = all.length - roomEvents;
  await journal.writeSnapshot('room-events', journal.lastSeq(), {
    recentIds: Array.from({ length: 10_000 }, (_, i) => `01JBENCH${String(i).padStart(18, '0')}`),
  });
  await journal.writeSnapshot('sessions', journal.lastSeq(), {
    open: Array.from({ length: EVENING_ROOMS }, (_, i) => ({ room: 100 + i, lines: 20, fen: 128_00 })),
  });
  const snapshotBytesPerHour = Math.round(
    (roomEvents / 20_000) * (await stat(join(path, 'snapshots', 'room-events.json'))).size +
      (money / 1000) * (await stat(join(path, 'snapshots', 'sessions.json'))).size,
  );
  let segmentBytes = 0;
  for (const f of await readdir(path)) if (f.endsWith('.ndjson')) segmentBytes += (await stat(join(path, f))).size;
  await journal.close();
  const cursorBytesPerHour = Math.floor(all.length / 500) * 60;
  return {
    recordsPerHour: all.length,
    bytesPerHour: segmentBytes * SAMPLE + snapshotBytesPerHour + cursorBytesPerHour,
    pageBytesPerHour:
      ioBefore !== undefined && ioAfter !== undefined
        ? (ioAfter - ioBefore) * SAMPLE + Math.ceil(snapshotBytesPerHour / 4096) * 4096
        : null,
  };
}

export async function benchJournal() {
  const temp = makeTempDir('bench-journal');
  try {
    const durationMs = Number(process.env.KTV_BENCH_JOURNAL_SECONDS ?? 3) * 1000;
    const group = await groupCommit(temp.path, durationMs);
    const plainAppendFilePerSec = await plainAppend(temp.path, durationMs, false);
    const fdatasyncPerRecordPerSec = await plainAppend(temp.path, durationMs, true);
    const y = await year(temp.path);
    const hour = await busyHour(temp.path, DEFAULT_EVENT_LINGER_MS);
    const hourNoLinger = await busyHour(temp.path, 0);
    return {
      bench: 'journal',
      eventsPerSec: group.eventsPerSec,
      writers: WRITERS,
      recordsPerFdatasync: group.recordsPerFdatasync,
      baseline: { plainAppendFilePerSec, fdatasyncPerRecordPerSec },
      replayMs: y.replayMs,
      replayWithSnapshotMs: y.replayWithSnapshotMs,
      year: { ...YEAR, records: y.records, journalBytes: y.journalBytes, snapshotBeforeLastDay: true },
      bytesPerHour: hour.bytesPerHour,
      pageBytesPerHour: hour.pageBytesPerHour,
      roomEventLingerMs: DEFAULT_EVENT_LINGER_MS,
      withoutLinger: { bytesPerHour: hourNoLinger.bytesPerHour, pageBytesPerHour: hourNoLinger.pageBytesPerHour },
      busyHour: { rooms: EVENING_ROOMS, recordsPerHour: hour.recordsPerHour, mix: Object.fromEntries(EVENING_MIX) },
    };
  } finally {
    temp.remove();
  }
}
