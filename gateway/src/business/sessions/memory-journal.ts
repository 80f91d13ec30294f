import type { JournalRecord } from '../../journal/index.js';
import type { BusinessJournal } from './business-service.js';

/** An in-memory journal for tests: appends can be held to show that nothing is told before "disk". */
export class MemoryJournal implements BusinessJournal {
  readonly records: JournalRecord[] = [];
  readonly snapshots = new Map<string, { atSeq: number; state: unknown }>();
  private held: (() => void)[] | undefined;

  /** From now on appends wait until release(). */
  hold(): void {
    this.held = [];
  }

  release(): void {
    const waiting = this.held ?? [];
    this.held = undefined;
    for (const go of waiting) go();
  }

  async append<T>(type: string, data: T): Promise<JournalRecord<T>> {
    if (this.held) await new Promise<void>((resolve) => this.held?.push(resolve));
    const record = { seq: this.records.length + 1, type, at: 0, data: structuredClone(data) };
    this.records.push(record);
    return record;
  }

  async *read(fromSeq: number): AsyncIterable<JournalRecord> {
    for (const r of this.records) if (r.seq >= fromSeq) yield structuredClone(r);
  }

  async writeSnapshot(name: string, atSeq: number, state: unknown): Promise<void> {
    this.snapshots.set(name, { atSeq, state: JSON.parse(JSON.stringify(state)) });
  }

  async readSnapshot(name: string): Promise<{ atSeq: number; state: unknown } | undefined> {
    const s = this.snapshots.get(name);
    return s ? structuredClone(s) : undefined;
  }
}
