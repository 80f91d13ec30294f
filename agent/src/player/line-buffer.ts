/**
 * Reassembles newline-delimited text from arbitrary chunks. A line split across two (or more)
 * socket reads is kept until its newline arrives: Karaoke Mugen split each chunk on its own and
 * lost long replies such as `track-list`. Multi-byte UTF-8 characters split across chunks are safe
 * because decoding happens only on whole lines.
 */
export class LineBuffer {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly maxLineBytes = 16 * 1024 * 1024) {}

  /** Feeds one chunk; returns every line it completes (without the newline). */
  push(chunk: Buffer): string[] {
    const lines: string[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      if (nl < 0) break;
      const piece = chunk.subarray(start, nl);
      const whole = this.pending.length === 0 ? piece : Buffer.concat([...this.pending, piece]);
      this.pending = [];
      this.pendingBytes = 0;
      lines.push(whole.toString('utf8'));
      start = nl + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.pendingBytes += rest.length;
      if (this.pendingBytes > this.maxLineBytes) {
        this.pending = [];
        this.pendingBytes = 0;
        throw new Error(`mpv IPC line longer than ${this.maxLineBytes} bytes`);
      }
      this.pending.push(Buffer.from(rest));
    }
    return lines;
  }

  /** Bytes waiting for their newline. */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }
}
