/**
 * Releases deferred acknowledgements a few at a time, one slice per turn of the event loop.
 *
 * A group commit settles every lingering event of a batch at once (tens of them every few
 * milliseconds under load); writing all their PUBACKs in one go would hold the event loop while
 * new publishes wait in the socket buffers, so live delivery would stall behind acknowledgements.
 * Slices of `perTurn`, each in its own check phase (setImmediate), let the poll phase read and
 * forward new messages between them. Order of release is the order of `release` calls.
 */
export class AckPacer {
  private readonly queue: Array<() => void> = [];
  private head = 0;
  private scheduled = false;

  constructor(
    private readonly perTurn: number,
    private readonly schedule: (run: () => void) => void = (run) => setImmediate(run),
  ) {
    if (!Number.isInteger(perTurn) || perTurn < 1) throw new RangeError('perTurn must be a positive integer');
  }

  /** Queues one acknowledgement; it runs in a later turn, after those queued before it. */
  release(ack: () => void): void {
    this.queue.push(ack);
    if (!this.scheduled) {
      this.scheduled = true;
      this.schedule(() => this.drain());
    }
  }

  /** Acknowledgements waiting for their turn. */
  get waiting(): number {
    return this.queue.length - this.head;
  }

  private drain(): void {
    const end = Math.min(this.head + this.perTurn, this.queue.length);
    while (this.head < end) {
      const ack = this.queue[this.head] as () => void;
      this.head += 1;
      ack();
    }
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
      this.scheduled = false;
    } else {
      this.schedule(() => this.drain());
    }
  }
}
