import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** fsyncs a directory so that a rename in it survives a power cut. */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

let tmpCounter = 0;

export interface DurableWriteOptions {
  /** Mode of the new file (default 0644). */
  mode?: number;
  /** Runs on the complete temp file before it takes the file's place (e.g. chown). */
  beforeRename?: (tmp: string) => Promise<void>;
}

/** Writes `file` whole or not at all: temp file, fsync, rename, fsync of the folder. */
export async function writeFileDurably(
  file: string,
  data: Uint8Array | string,
  o: DurableWriteOptions = {},
): Promise<void> {
  tmpCounter += 1; // two writes of one file at once must not share (and rename away) one temp file
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${tmpCounter}.tmp`);
  const handle = await open(tmp, 'w', o.mode ?? 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    await o.beforeRename?.(tmp);
  } catch (e) {
    await handle.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await rename(tmp, file);
  await fsyncDir(dirname(file));
}
