import { type FileHandle, open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DiskPort, DiskUsage } from './disk-port.js';
import { usageOf } from './disk-port.js';
import { type AppendHandle, type JournalFiles, nodeJournalFiles } from './file-port.js';

/**
 * The simulated disk: a quota of `quotaBytes` over a real folder, for machines where a small file
 * system cannot be mounted. It behaves like a full device does: usage is the bytes of every file
 * under the folder (rounded up to 4 KiB blocks, like a file system), and a journal append that does
 * not fit writes what fits, then fails with ENOSPC. Passes the same contract suite as the real
 * disk on a small tmpfs (disk.contract.ts).
 */
export class QuotaDisk implements DiskPort {
  static readonly BLOCK = 4096;

  constructor(
    readonly root: string,
    public quotaBytes: number,
  ) {}

  async usedBytes(): Promise<number> {
    return blocksUnder(this.root);
  }

  async usage(_path: string): Promise<DiskUsage> {
    const used = await this.usedBytes();
    return usageOf(this.quotaBytes, used, Math.max(0, this.quotaBytes - used));
  }

  /** The journal's file port on this disk. */
  files(): JournalFiles {
    return {
      openAppend: async (path) => new QuotaAppendHandle(await open(path, 'a'), this),
      syncDir: nodeJournalFiles.syncDir,
    };
  }
}

async function blocksUnder(dir: string): Promise<number> {
  let total = 0;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const path = join(dir, name);
    let s: Awaited<ReturnType<typeof stat>>;
    try {
      s = await stat(path);
    } catch {
      continue; // removed meanwhile
    }
    if (s.isDirectory()) total += QuotaDisk.BLOCK + (await blocksUnder(path));
    else total += Math.ceil(s.size / QuotaDisk.BLOCK) * QuotaDisk.BLOCK;
  }
  return total;
}

function noSpace(): NodeJS.ErrnoException {
  const e: NodeJS.ErrnoException = new Error('ENOSPC: no space left on device, write');
  e.code = 'ENOSPC';
  e.errno = -28;
  e.syscall = 'write';
  return e;
}

class QuotaAppendHandle implements AppendHandle {
  constructor(
    private readonly handle: FileHandle,
    private readonly disk: QuotaDisk,
  ) {}

  async write(data: Buffer): Promise<void> {
    const room = Math.max(0, this.disk.quotaBytes - (await this.disk.usedBytes()));
    const { size } = await this.handle.stat();
    // What still fits: the slack in the file's last block plus the free blocks.
    const slack = size % QuotaDisk.BLOCK === 0 ? 0 : QuotaDisk.BLOCK - (size % QuotaDisk.BLOCK);
    const fits = Math.min(data.length, slack + room);
    let done = 0;
    while (done < fits) {
      const { bytesWritten } = await this.handle.write(data, done, fits - done);
      done += bytesWritten;
    }
    if (fits < data.length) throw noSpace();
  }
  datasync(): Promise<void> {
    return this.handle.datasync();
  }
  close(): Promise<void> {
    return this.handle.close();
  }
  truncate(size: number): Promise<void> {
    return this.handle.truncate(size);
  }
}
