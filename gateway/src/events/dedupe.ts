/**
 * Duplicate detection for room events: an event is a duplicate when its id was seen, or when its
 * seq is not above the last seq recorded for its room. Pure.
 */
export class Dedupe {
  private readonly ids = new Set<string>();
  private readonly lastSeqs = new Map<string, number>();

  isDuplicate(event: { id: string; room: string; seq: number }): boolean {
    return this.ids.has(event.id) || event.seq <= this.lastSeq(event.room);
  }

  remember(event: { id: string; room: string; seq: number }): void {
    this.ids.add(event.id);
    if (event.seq > this.lastSeq(event.room)) this.lastSeqs.set(event.room, event.seq);
  }

  lastSeq(room: string): number {
    return this.lastSeqs.get(room) ?? 0;
  }
}
