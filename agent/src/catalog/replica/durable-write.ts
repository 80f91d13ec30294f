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

/** Writes `file` whole or not at all: temp file, fsync, rename, fsync of the folder. */
let tmpCounter = 0;

export async function writeFileDurably(file: string, data: Uint8Array | string): Promise<void> {
  tmpCounter += 1; // two writes of one file at once must not share (and rename away) one temp file
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${tmpCounter}.tmp`);
  const handle = await open(tmp, 'w', 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (e) {
    await handle.close();
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await handle.close();
  await rename(tmp, file);
  await fsyncDir(dirname(file));
}
