import type { VocalMode } from '../player/vocal-mode.js';
import { applyQueueOp } from '../queue/apply-op.js';
import { emptyQueue, type QueueOptions, type QueueState } from '../queue/types.js';
import { decodeJournalLine, type QueueJournalRecord } from './journal-records.js';

/** What the queue journal holds: the queue and the 原唱/伴唱 choice of entries that have one. */
export interface QueueImage {
  queue: QueueState;
  vocals: Map<string, VocalMode>;
}

export function emptyQueueImage(): QueueImage {
  return { queue: emptyQueue(), vocals: new Map() };
}

/** Forgets vocal choices of entries that left the queue (keeps the snapshot small). */
export function pruneVocals(image: QueueImage): void {
  const live = new Set(image.queue.upcoming.map((e) => e.entryId));
  if (image.queue.current) live.add(image.queue.current.entryId);
  for (const id of image.vocals.keys()) if (!live.has(id)) image.vocals.delete(id);
}

/** Applies one record (mutates the image). Ops go through applyQueueOp, exactly as when accepted. */
export function applyJournalRecord(image: QueueImage, record: QueueJournalRecord, options: QueueOptions): void {
  switch (record.k) {
    case 'op':
      image.queue = applyQueueOp(image.queue, record.op, options).state;
      break;
    case 'vocal':
      image.vocals.set(record.entryId, record.mode);
      break;
    case 'snap':
      image.queue = record.queue;
      image.vocals = new Map(Object.entries(record.vocals));
      break;
  }
}

export interface QueueReplayResult {
  image: QueueImage;
  /** Bytes holding whole records; anything after is a torn tail to cut. */
  validBytes: number;
  tornBytes: number;
  /** Corrupt lines in the middle, skipped. */
  skippedLines: number;
  records: number;
}

/** Rebuilds the queue from the journal's bytes. Pure. */
export function replayQueueJournal(bytes: Uint8Array, options: QueueOptions): QueueReplayResult {
  const image = emptyQueueImage();
  const decoder = new TextDecoder('utf-8');
  let validBytes = 0;
  let skippedLines = 0;
  let badRun = 0;
  let records = 0;
  let start = 0;
  while (start < bytes.length) {
    const nl = bytes.indexOf(0x0a, start);
    if (nl < 0) break;
    const record = decodeJournalLine(decoder.decode(bytes.subarray(start, nl)));
    if (record) {
      skippedLines += badRun;
      badRun = 0;
      applyJournalRecord(image, record, options);
      records += 1;
      validBytes = nl + 1;
    } else badRun += 1;
    start = nl + 1;
  }
  pruneVocals(image);
  return { image, validBytes, tornBytes: bytes.length - validBytes, skippedLines, records };
}

/** The snapshot record of an image (written at the head of a compacted journal). */
export function snapshotRecord(image: QueueImage): QueueJournalRecord {
  return { k: 'snap', queue: image.queue, vocals: Object.fromEntries(image.vocals) };
}
