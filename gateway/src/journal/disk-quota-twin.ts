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
  /** Room left for files written outside the journal's appends (snapshots, cursors) between walks. */
  static readonly OUTSIDE_WRITES = 256 * 1024;
  private counted = 0;
  private appendedSince = 0;

  constructor(
    readonly root: string,
    public quotaBytes: number,
  ) {}

  /** Walks the folder: the exact usage. */
  async usedBytes(): Promise<number> {
    this.counted = await blocksUnder(this.root);
    this.appendedSince = 0;
    return this.counted;
  }

  /**
   * Room for an append of `bytes`: far from full an estimate (last walk + appends since) will do,
   * near the quota it walks the folder every time, so ENOSPC comes exactly when the device's would.
   */
  async roomFor(bytes: number): Promise<number> {
    const estimate = this.counted + this.appendedSince + bytes + QuotaDisk.OUTSIDE_WRITES;
    if (this.counted === 0 || estimate >= this.quotaBytes)
      return Math.max(0, this.quotaBytes - (await this.usedBytes()));
    return this.quotaBytes - this.counted - this.appendedSince;
  }

  noteAppended(bytes: number): void {
    this.appendedSince += bytes;
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
    const room = await this.disk.roomFor(data.length);
    const { size } = await this.handle.stat();
    // What still fits: the slack in the file's last block plus the free blocks.
    const slack = size % QuotaDisk.BLOCK === 0 ? 0 : QuotaDisk.BLOCK - (size % QuotaDisk.BLOCK);
    const fits = Math.min(data.length, slack + room);
    let done = 0;
    while (done < fits) {
      const { bytesWritten } = await this.handle.write(data, done, fits - done);
      done += bytesWritten;
    }
    this.disk.noteAppended(fits);
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
