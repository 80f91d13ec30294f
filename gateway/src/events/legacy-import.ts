import { readFile, rename } from 'node:fs/promises';
import type { Logger } from '../logger.js';
import type { EventStore } from './event-store.js';
import { decodeStoredEvent } from './stored-event.js';

/**
 * Moves the room events of an older gateway (DATA/events.ndjson, one stored event per line) into
 * the store, through its dedupe so that running it twice (a crash before the rename) records each
 * event once; then renames the file to `events.ndjson.imported`. Unreadable lines are counted.
 */
export async function importLegacyEvents(
  file: string,
  store: EventStore,
  logger: Logger,
): Promise<{ imported: number; skipped: number } | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  let imported = 0;
  let skipped = 0;
  const durable: Promise<void>[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      skipped += 1;
      continue;
    }
    const stored = decodeStoredEvent(value);
    if (!stored) {
      skipped += 1;
      continue;
    }
    const { receivedAt, ...event } = stored;
    const appended = store.append(event, receivedAt);
    if (appended.result === 'recorded') imported += 1;
    durable.push(appended.durable);
  }
  await Promise.all(durable);
  await rename(file, `${file}.imported`);
  logger.info({ file, imported, skipped }, 'legacy events file imported into the journal');
  return { imported, skipped };
}
