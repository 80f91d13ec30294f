import { crc32 } from 'node:zlib';
import type { VocalMode } from '../player/vocal-mode.js';
import { isQueueOp } from '../queue/check-op.js';
import type { QueueEntry, QueueOp, QueueState } from '../queue/types.js';

/**
 * One line of the queue journal (DATA/queue/queue.log): `CRC32HEX JSON\n`, like the outbox.
 *   op:    an accepted queue op (setPosition included: the position is appended, never rewritten)
 *   vocal: 原唱/伴唱 chosen for one queue entry
 *   snap:  the whole queue at this point (head of a compacted file)
 */
export type QueueJournalRecord =
  | { k: 'op'; op: QueueOp }
  | { k: 'vocal'; entryId: string; mode: VocalMode }
  | { k: 'snap'; queue: QueueState; vocals: Record<string, VocalMode> };

const checksum = (json: string): string => crc32(json).toString(16).padStart(8, '0');

export function encodeJournalRecord(record: QueueJournalRecord): string {
  const json = JSON.stringify(record);
  return `${checksum(json)} ${json}\n`;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
const isVocalMode = (x: unknown): x is VocalMode => x === 'vocalsOn' || x === 'vocalsOff';

function isEntry(x: unknown): x is QueueEntry {
  return isObject(x) && typeof x.entryId === 'string' && typeof x.songId === 'string' && typeof x.addedAt === 'number';
}

function isQueueState(x: unknown): x is QueueState {
  if (!isObject(x) || typeof x.positionMs !== 'number' || !Array.isArray(x.upcoming)) return false;
  return (x.current === null || isEntry(x.current)) && x.upcoming.every(isEntry);
}

/** A line without its newline -> the record, or undefined when it is torn, corrupt or unknown. */
export function decodeJournalLine(line: string): QueueJournalRecord | undefined {
  if (line.indexOf(' ') !== 8) return undefined;
  const json = line.slice(9);
  if (checksum(json) !== line.slice(0, 8)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  if (value.k === 'op' && isQueueOp(value.op)) return value as QueueJournalRecord;
  if (value.k === 'vocal' && typeof value.entryId === 'string' && isVocalMode(value.mode)) {
    return value as QueueJournalRecord;
  }
  if (value.k === 'snap' && isQueueState(value.queue) && isObject(value.vocals)) {
    const vocalsOk = Object.values(value.vocals).every(isVocalMode);
    return vocalsOk ? (value as QueueJournalRecord) : undefined;
  }
  return undefined;
}
