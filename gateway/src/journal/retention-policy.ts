/**
 * Which old journal segments may go. Pure. A closed segment is deleted only when every record in
 * it is
 * - forwarded: at or below the cloud forwarder's cursor (when forwarding is on), and
 * - replayed into a snapshot: at or below every start-up snapshot (business, room events), so a
 *   restart never needs it, and
 * - older than the retention period (its last record's gateway time), unless the disk is critical:
 *   then forwarded and snapshotted segments go at once, before any telemetry is coalesced.
 * Deletion is always a prefix of the journal (the oldest segments first).
 */
export interface SegmentAge {
  firstSeq: number;
  lastSeq: number;
}

export interface RetentionInput {
  /** Closed segments (never the one being written), oldest first. */
  closed: readonly SegmentAge[];
  /** The first seq something still needs (forwarding, a replay after a restart). */
  keepFromSeq: number;
  now: number;
  retentionMs: number;
  /** Delete what is forwarded and snapshotted regardless of age. */
  early: boolean;
}

/** The beforeSeq for Journal.deleteSegmentsBefore (0: nothing to delete); `lastAt` is asked lazily. */
export async function retentionBound(
  input: RetentionInput,
  lastAt: (segment: SegmentAge) => Promise<number | undefined>,
): Promise<number> {
  let before = 0;
  for (const segment of input.closed) {
    if (segment.lastSeq >= input.keepFromSeq) break;
    if (!input.early) {
      const at = await lastAt(segment);
      if (at === undefined || input.now - at < input.retentionMs) break;
    }
    before = segment.lastSeq + 1;
  }
  return before;
}

/** keepFromSeq: the smallest of the forwarder's next seq and each snapshot's next seq (1 when a snapshot is missing). */
export function keepFromSeq(forwarded: number | undefined, snapshotSeqs: readonly (number | undefined)[]): number {
  let keep = forwarded === undefined ? Number.POSITIVE_INFINITY : forwarded + 1;
  for (const s of snapshotSeqs) keep = Math.min(keep, s === undefined ? 1 : s + 1);
  return keep === Number.POSITIVE_INFINITY ? 1 : keep;
}
