import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JournalRecord } from '../journal/index.js';
import { scanSegment } from '../journal/segment-scan.js';

const SEGMENT_NAME = /^(\d{8,})\.ndjson$/;

/**
 * Reads a journal folder without opening it for writing: for the CLI, which may run beside a
 * gateway that is appending. Every record is checked as the journal checks it; a torn end of the
 * last segment (a write under way) is left out, never cut.
 */
export async function* readJournalFiles(dir: string): AsyncGenerator<JournalRecord> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  const firsts = names
    .map((n) => SEGMENT_NAME.exec(n)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  for (const [i, first] of firsts.entries()) {
    const file = join(dir, `${String(first).padStart(8, '0')}.ndjson`);
    const scanned = scanSegment(await readFile(file), file, first, i === firsts.length - 1);
    yield* scanned.records;
  }
}
