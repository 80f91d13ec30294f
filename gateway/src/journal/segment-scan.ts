import { JournalCorruptError } from './errors.js';
import { decodeLineAt, type JournalRecord } from './record.js';

export interface ScannedSegment {
  records: JournalRecord[];
  /** Bytes of whole records and whole batches from the start of the file. */
  validBytes: number;
  /** Set when bytes after validBytes must be cut: a torn last write. */
  torn?: { offset: number; bytes: number; reason: string };
}

const NEWLINE = 0x0a;

/**
 * Reads one segment's bytes. Records must follow each other with seq firstSeq, firstSeq+1, ...; a
 * batch (records marked `more`) must be complete. When the bytes end in something that does not
 * read back (a line without its newline, a bad checksum, zeros, half a batch) and no good record
 * follows it, that is a torn last write: `torn` says where it starts and `validBytes` where to cut.
 * A bad record followed by a good one is corruption and throws JournalCorruptError, as does a
 * torn end when `tornAllowed` is false (segments before the last one). With `parse` false the
 * records are only checked (checksum, seq), not parsed: their type and data are left empty. Pure.
 */
export function scanSegment(
  buf: Buffer,
  file: string,
  firstSeq: number,
  tornAllowed: boolean,
  parse = true,
): ScannedSegment {
  const records: JournalRecord[] = [];
  let pending: JournalRecord[] = [];
  let expected = firstSeq;
  let offset = 0;
  let batchStart = 0;
  let bad: { offset: number; reason: string } | undefined;
  while (offset < buf.length) {
    const nl = buf.indexOf(NEWLINE, offset);
    const end = nl === -1 ? buf.length : nl;
    const decoded = nl === -1 ? undefined : decodeLineAt(buf, offset, end, parse);
    const good = decoded?.ok === true;
    if (bad) {
      if (good) throw new JournalCorruptError(file, bad.offset, bad.reason);
    } else if (!decoded) {
      bad = { offset, reason: 'record without its newline' };
    } else if (!decoded.ok) {
      bad = { offset, reason: `record unreadable (${decoded.reason})` };
    } else if (decoded.record.seq !== expected) {
      throw new JournalCorruptError(file, offset, `seq ${decoded.record.seq} where ${expected} was expected`);
    } else {
      expected += 1;
      pending.push(decoded.record);
      if (!decoded.more) {
        for (const r of pending) records.push(r);
        pending = [];
        batchStart = end + 1;
      }
    }
    offset = nl === -1 ? buf.length : nl + 1;
  }
  if (!bad && pending.length === 0) return { records, validBytes: batchStart };
  const reason = bad?.reason ?? 'batch without its last record';
  const cutAt = pending.length > 0 ? batchStart : (bad?.offset ?? batchStart);
  if (!tornAllowed) throw new JournalCorruptError(file, cutAt, reason);
  return { records, validBytes: cutAt, torn: { offset: cutAt, bytes: buf.length - cutAt, reason } };
}
