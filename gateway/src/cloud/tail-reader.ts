import { open } from 'node:fs/promises';
import type { Journal, JournalRecord } from '../journal/index.js';
import { scanSegment } from '../journal/segment-scan.js';

const NEWLINE = 0x0a;
const MIN_CHUNK = 256 * 1024;
const MAX_CHUNK = 64 * 1024 * 1024;

/**
 * Reads the journal forward from a seq in bounded steps without reading a segment twice:
 * it keeps its place (segment, byte offset) between calls, so draining a day of backlog reads
 * every byte once, and a live tail costs one small read per call. Records are checked like
 * Journal.read (checksums, seq order) and never past the journal's durable seq.
 */
export class TailReader {
  private segFirst = -1;
  private offset = 0;
  /** The seq of the record that starts at `offset`. */
  private offsetSeq = 0;
  private buffered: JournalRecord[] = [];
  private chunk = MIN_CHUNK;
  /** The file read last (inode, size): a segment rewritten by coalescing is read again from its start. */
  private seen = { ino: -1, size: 0 };

  constructor(
    private readonly journal: Journal,
    /** The next seq to hand out. */
    private nextSeq: number,
  ) {}

  /** The next seq read() will return. */
  position(): number {
    return this.nextSeq;
  }

  /** Up to max records from position(), oldest first, none past `upTo` (default: durableSeq). */
  async read(max: number, upTo = this.journal.durableSeq()): Promise<JournalRecord[]> {
    const out: JournalRecord[] = [];
    while (out.length < max && this.nextSeq <= upTo) {
      if (this.buffered.length === 0 && !(await this.fill(upTo))) break;
      while (out.length < max && this.buffered.length > 0) {
        const r = this.buffered[0] as JournalRecord;
        if (r.seq > upTo) break;
        this.buffered.shift();
        if (r.seq < this.nextSeq) continue;
        out.push(r);
        this.nextSeq = r.seq + 1;
      }
      if (this.buffered.length > 0 && (this.buffered[0] as JournalRecord).seq > upTo) break;
    }
    return out;
  }

  /** Reads the next chunk of the segment holding nextSeq into `buffered`; false when nothing new. */
  private async fill(upTo: number): Promise<boolean> {
    const segments = await this.journal.segments();
    let seg = segments[0];
    for (const s of segments) if (s.firstSeq <= this.nextSeq) seg = s;
    if (!seg) return false;
    if (seg.firstSeq !== this.segFirst || this.offsetSeq > this.nextSeq) {
      this.segFirst = seg.firstSeq;
      this.offset = 0;
      this.offsetSeq = seg.firstSeq;
    }
    if (this.offset >= seg.bytes) {
      const following = segments.find((s) => s.firstSeq > seg.firstSeq);
      if (!following || following.firstSeq > upTo) return false;
      if (following.firstSeq > this.nextSeq) {
        // Not every record of this segment was read, yet the offset is past its end: the segment was
        // rewritten shorter (telemetry coalesced when the disk filled). Read it again from its start.
        this.offset = 0;
        this.offsetSeq = seg.firstSeq;
        this.seen = { ino: -1, size: 0 };
      } else {
        this.segFirst = following.firstSeq;
        this.offset = 0;
        this.offsetSeq = following.firstSeq;
        return this.fill(upTo);
      }
    }
    const handle = await open(seg.file, 'r');
    let buf: Buffer;
    try {
      const st = await handle.stat();
      if (st.ino !== this.seen.ino || st.size < this.seen.size) {
        if (this.offset > 0 && this.seen.ino !== -1) {
          this.offset = 0;
          this.offsetSeq = seg.firstSeq;
        }
      }
      this.seen = { ino: st.ino, size: st.size };
      const want = Math.min(this.chunk, seg.bytes - this.offset);
      buf = Buffer.allocUnsafe(want);
      const { bytesRead } = await handle.read(buf, 0, want, this.offset);
      buf = buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
    const scanned = scanSegment(buf, seg.file, this.offsetSeq, true);
    if (scanned.records.length === 0) {
      // A record larger than the chunk: read more next time.
      if (buf.length >= this.chunk && this.chunk < MAX_CHUNK) {
        this.chunk *= 2;
        return this.fill(upTo);
      }
      return false;
    }
    // Keep only records up to upTo; the offset moves past exactly the lines kept (one record a line).
    let kept = scanned.records.length;
    while (kept > 0 && (scanned.records[kept - 1] as JournalRecord).seq > upTo) kept -= 1;
    if (kept === 0) return false;
    let end = 0;
    for (let i = 0; i < kept; i += 1) end = buf.indexOf(NEWLINE, end) + 1;
    this.offset += end;
    this.offsetSeq += kept;
    this.buffered = scanned.records.slice(0, kept);
    return true;
  }
}
