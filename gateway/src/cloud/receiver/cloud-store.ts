import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compile } from '@ktv/protocol';
import { Journal, segmentFileName } from '../../journal/index.js';
import { scanSegment } from '../../journal/segment-scan.js';
import type { Logger } from '../../logger.js';
import { type CloudEvent, CloudEventSchema } from '../cloud-event.js';

/** The receiver's journal record type: data is one CloudEvent. */
export const CLOUD_EVENT_RECORD = 'cloud.event';
const validate = compile(CloudEventSchema);

export interface StoreCounts {
  /** Distinct events stored. */
  events: number;
  /** Events the transport delivered again (same id), dropped. */
  duplicates: number;
  /** Lines that were not a cloud event. */
  invalid: number;
}

/** Checks one decoded value against the cloud event schema. */
export function decodeCloudEvent(value: unknown): CloudEvent | undefined {
  const r = validate(value);
  return r.ok ? r.value : undefined;
}

/**
 * The reference receiver's embedded store: a Journal (DATA/journal, checksummed, fdatasync'd)
 * holding each distinct event once, and an index by id rebuilt from it at start. `add` resolves
 * only after the new events are on disk, so a transport acknowledges nothing that a crash could
 * lose. Duplicates (same id) are counted and dropped; the count of this run and of earlier runs
 * (kept in a snapshot at stop) are both reported.
 */
export class CloudStore {
  private readonly ids = new Set<string>();
  private duplicates = 0;
  private invalid = 0;
  private earlierDuplicates = 0;

  private constructor(private readonly journal: Journal) {}

  static async open(dir: string, logger: Logger): Promise<CloudStore> {
    const journal = await Journal.open(dir, { logger });
    const store = new CloudStore(journal);
    for await (const r of journal.read(1)) {
      const id = (r.data as { id?: unknown } | null)?.id;
      if (typeof id === 'string') store.ids.add(id);
    }
    const snap = await journal.readSnapshot('counts');
    const earlier = (snap?.state as { duplicates?: unknown } | undefined)?.duplicates;
    if (typeof earlier === 'number') store.earlierDuplicates = earlier;
    return store;
  }

  /** Stores the new ones (durably) and counts the rest; resolves with how many were new. */
  async add(events: readonly CloudEvent[]): Promise<{ added: number; duplicates: number }> {
    const fresh: { type: string; data: CloudEvent }[] = [];
    let dupes = 0;
    for (const e of events) {
      if (this.ids.has(e.id)) {
        dupes += 1;
        continue;
      }
      this.ids.add(e.id);
      fresh.push({ type: CLOUD_EVENT_RECORD, data: e });
    }
    this.duplicates += dupes;
    try {
      await this.journal.appendAll(fresh);
    } catch (e) {
      for (const f of fresh) this.ids.delete(f.data.id);
      throw e;
    }
    return { added: fresh.length, duplicates: dupes };
  }

  countInvalid(n = 1): void {
    this.invalid += n;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  counts(): StoreCounts & { duplicatesAllRuns: number } {
    return {
      events: this.ids.size,
      duplicates: this.duplicates,
      invalid: this.invalid,
      duplicatesAllRuns: this.earlierDuplicates + this.duplicates,
    };
  }

  /** Every stored event, in the order stored. */
  async *all(): AsyncGenerator<CloudEvent> {
    for await (const r of this.journal.read(1)) yield r.data as CloudEvent;
  }

  async close(): Promise<void> {
    await this.journal.writeSnapshot('counts', this.journal.lastSeq(), {
      duplicates: this.earlierDuplicates + this.duplicates,
    });
    await this.journal.close();
  }
}

/**
 * Pure: the events of one store in order. With a room: that room's room events, by the device's
 * per-room seq. Without: every event of the store, by jseq (the gateway's journal order).
 */
export function selectEvents(events: readonly CloudEvent[], store: string, room?: string): CloudEvent[] {
  if (room === undefined) return events.filter((e) => e.store === store).sort((a, b) => a.jseq - b.jseq);
  return events
    .filter((e) => e.store === store && e.room === room && e.seq !== null)
    .sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
}

/**
 * Read-only: every event stored in a receiver's journal folder, without opening the journal (no
 * torn tail is cut, so it is safe beside a running receiver; a torn or unfinished tail is skipped).
 */
export async function readStoredEvents(dir: string): Promise<CloudEvent[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const firsts = names
    .map((n) => /^(\d{8,})\.ndjson$/.exec(n)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  const out: CloudEvent[] = [];
  for (const first of firsts) {
    const file = join(dir, segmentFileName(first));
    const { records } = scanSegment(await readFile(file), file, first, true);
    for (const r of records) if (r.type === CLOUD_EVENT_RECORD) out.push(r.data as CloudEvent);
  }
  return out;
}
