import { readFile } from 'node:fs/promises';
import { ROOM_EVENT_RECORD } from '../events/stored-event.js';
import type { Journal } from './journal.js';
import { decodeLineAt, encodeRecord, type JournalRecord } from './record.js';

/** The record that takes a coalesced record's place: same seq and time, no data. */
export const COALESCED_RECORD = 'journal.coalesced';

/**
 * Non-money telemetry that may be coalesced when the disk is critical, with the key whose latest
 * record is kept: a room's door and motion sensor changes (per room and sensor: the room's sensor
 * state) and its queue changes (per room: the queue length). Song plays, service calls, agent
 * starts and every business record (sessions, orders, voids, discounts, bills, room changes)
 * are never coalesced. Room state and online/offline are not journaled at all (the room registry
 * keeps the latest).
 */
export function coalesceKey(record: JournalRecord): string | undefined {
  if (record.type !== ROOM_EVENT_RECORD) return undefined;
  const d = record.data as { type?: unknown; room?: unknown; data?: { sensor?: unknown } } | null;
  if (!d || typeof d.room !== 'string') return undefined;
  if (d.type === 'sensor.changed' && typeof d.data?.sensor === 'string')
    return `${d.room}\u0000sensor\u0000${d.data.sensor}`;
  if (d.type === 'queue.changed') return `${d.room}\u0000queue`;
  return undefined;
}

export interface CoalesceReport {
  segments: number;
  replaced: number;
  /** Segments whose rewrite failed (e.g. no room even for the smaller copy); they stay as they were. */
  failed: number;
  bytesBefore: number;
  bytesAfter: number;
}

interface Line {
  start: number;
  end: number;
  record: JournalRecord;
  more: boolean;
}

/**
 * Plans the rewrite of one segment: every coalescible record whose key appears again later (in
 * this segment after it, or in `later`, the keys seen in newer segments) becomes a
 * `journal.coalesced` record. `later` is updated with this segment's keys. Pure.
 */
export function coalesceSegmentBytes(buf: Buffer, later: Set<string>): { data: Buffer; replaced: number } | undefined {
  const lines: Line[] = [];
  let offset = 0;
  while (offset < buf.length) {
    const nl = buf.indexOf(0x0a, offset);
    if (nl === -1) return undefined; // not a closed, whole segment: leave it
    const decoded = decodeLineAt(buf, offset, nl);
    if (!decoded.ok) return undefined;
    lines.push({ start: offset, end: nl + 1, record: decoded.record, more: decoded.more });
    offset = nl + 1;
  }
  const replace = new Set<number>();
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const key = coalesceKey((lines[i] as Line).record);
    if (key === undefined) continue;
    if (later.has(key)) replace.add(i);
    else later.add(key);
  }
  if (replace.size === 0) return { data: buf, replaced: 0 };
  const parts: Buffer[] = lines.map((line, i) => {
    if (!replace.has(i)) return buf.subarray(line.start, line.end);
    const { seq, at } = line.record;
    return Buffer.from(encodeRecord({ seq, type: COALESCED_RECORD, at, data: null }, line.more), 'utf8');
  });
  return { data: Buffer.concat(parts), replaced: replace.size };
}

/**
 * Coalesces the journal's closed segments, newest first (the newest record of each key is kept,
 * wherever it is, including the segment being written). Money records are copied byte for byte.
 */
export async function coalesceJournal(journal: Journal): Promise<CoalesceReport> {
  const report: CoalesceReport = { segments: 0, replaced: 0, failed: 0, bytesBefore: 0, bytesAfter: 0 };
  const segments = await journal.segments();
  const active = segments.at(-1);
  if (!active || segments.length < 2) return report;
  const later = new Set<string>();
  for await (const record of journal.read(active.firstSeq)) {
    const key = coalesceKey(record);
    if (key !== undefined) later.add(key);
  }
  for (let i = segments.length - 2; i >= 0; i -= 1) {
    const segment = segments[i];
    if (!segment) continue;
    const buf = await readFile(segment.file);
    const planned = coalesceSegmentBytes(buf, later);
    if (!planned || planned.replaced === 0) continue;
    try {
      await journal.rewriteSegment(segment.firstSeq, planned.data);
    } catch {
      report.failed += 1;
      continue;
    }
    report.segments += 1;
    report.replaced += planned.replaced;
    report.bytesBefore += buf.length;
    report.bytesAfter += planned.data.length;
  }
  return report;
}
