import { open, readFile, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { JournalCorruptError } from './errors.js';
import type { JournalFiles } from './file-port.js';
import { checksum } from './record.js';

/**
 * A small JSON document replaced atomically: written to a temp file, fsync'd, renamed over the
 * old one, and the folder fsync'd. The document carries a CRC-32 of its body. Used for snapshots
 * and cursors.
 */
export async function writeDurableJson(files: JournalFiles, file: string, value: unknown): Promise<void> {
  const body = JSON.stringify(value);
  const text = `${JSON.stringify({ crc: checksum(body), body })}\n`;
  const temp = join(dirname(file), `.${basename(file)}.tmp`);
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
  await files.syncDir(dirname(file));
}

/** The document, or undefined when there is none; a document that fails its checksum throws. */
export async function readDurableJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  let outer: unknown;
  try {
    outer = JSON.parse(text);
  } catch {
    throw new JournalCorruptError(file, 0, 'not JSON');
  }
  if (typeof outer !== 'object' || outer === null) throw new JournalCorruptError(file, 0, 'not a document');
  const { crc, body } = outer as { crc?: unknown; body?: unknown };
  if (typeof body !== 'string' || crc !== checksum(body)) throw new JournalCorruptError(file, 0, 'checksum mismatch');
  return JSON.parse(body);
}
