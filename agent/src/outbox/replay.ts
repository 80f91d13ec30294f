import type { RoomEvent } from '@ktv/protocol';
import { decodeLine, type OutboxRecord } from './records.js';

/** What the outbox knows: the highest seq ever used and the unacknowledged events by seq. */
export interface OutboxImage {
  lastSeq: number;
  pending: Map<number, RoomEvent>;
}

export function emptyImage(): OutboxImage {
  return { lastSeq: 0, pending: new Map() };
}

/** Applies one record to the image (mutates it). */
export function applyRecord(image: OutboxImage, record: OutboxRecord): void {
  switch (record.k) {
    case 'e':
      image.lastSeq = Math.max(image.lastSeq, record.ev.seq);
      image.pending.set(record.ev.seq, record.ev);
      break;
    case 'a':
      image.pending.delete(record.seq);
      break;
    case 's':
      image.lastSeq = Math.max(image.lastSeq, record.lastSeq);
      break;
  }
}

export interface ReplayResult {
  image: OutboxImage;
  /** Bytes of the file that hold whole records; anything after is a torn tail to cut. */
  validBytes: number;
  /** Bytes cut from the end (a write that a crash interrupted). */
  tornBytes: number;
  /** Corrupt lines in the middle of the file, skipped. */
  skippedLines: number;
}

const NEWLINE = 0x0a;

/** Rebuilds the image from the file's bytes. Pure. */
export function replay(bytes: Uint8Array): ReplayResult {
  const image = emptyImage();
  const decoder = new TextDecoder('utf-8');
  let validBytes = 0;
  let skippedLines = 0;
  let badRun = 0;
  let start = 0;
  while (start < bytes.length) {
    const nl = bytes.indexOf(NEWLINE, start);
    if (nl < 0) break; // no newline: torn tail
    const record = decodeLine(decoder.decode(bytes.subarray(start, nl)));
    if (record) {
      skippedLines += badRun;
      badRun = 0;
      applyRecord(image, record);
      validBytes = nl + 1;
    } else {
      badRun += 1;
    }
    start = nl + 1;
  }
  // A bad line followed by good ones is skipped; bad lines at the very end are the torn tail.
  return { image, validBytes, tornBytes: bytes.length - validBytes, skippedLines };
}
