/**
 * Acknowledgements of one lane of consecutive seqs, in any order: `contiguous()` is the highest seq
 * up to which everything is acknowledged (the only position that may be made durable). Pure.
 */
export class ContiguousAcks {
  private upTo: number;
  private readonly ahead = new Set<number>();

  constructor(start: number) {
    this.upTo = start;
  }

  contiguous(): number {
    return this.upTo;
  }

  ack(seq: number): void {
    if (seq <= this.upTo) return;
    if (seq !== this.upTo + 1) {
      this.ahead.add(seq);
      return;
    }
    this.upTo = seq;
    while (this.ahead.delete(this.upTo + 1)) this.upTo += 1;
  }

  ackRange(from: number, to: number): void {
    for (let s = from; s <= to; s += 1) this.ack(s);
  }

  /** Forgets acknowledgements past the contiguous point (they will be sent again). */
  dropAhead(): void {
    this.ahead.clear();
  }
}
