import { type FileHandle, open } from 'node:fs/promises';

/** An open file the journal appends to. */
export interface AppendHandle {
  write(data: Buffer): Promise<void>;
  datasync(): Promise<void>;
  close(): Promise<void>;
  /** Cuts the file to `size` bytes (after a write that failed half-way, e.g. disk full). */
  truncate?(size: number): Promise<void>;
}

/**
 * The journal's writes go through this port so a test can count (or fail) them; reads, renames
 * and directory listings use node:fs directly.
 */
export interface JournalFiles {
  openAppend(path: string): Promise<AppendHandle>;
  /** fsync a directory, so a created, renamed or removed entry survives a power cut. */
  syncDir(path: string): Promise<void>;
}

class NodeAppendHandle implements AppendHandle {
  constructor(private readonly handle: FileHandle) {}
  async write(data: Buffer): Promise<void> {
    let done = 0;
    while (done < data.length) {
      const { bytesWritten } = await this.handle.write(data, done, data.length - done);
      done += bytesWritten;
    }
  }
  datasync(): Promise<void> {
    return this.handle.datasync();
  }
  truncate(size: number): Promise<void> {
    return this.handle.truncate(size);
  }
  close(): Promise<void> {
    return this.handle.close();
  }
}

export const nodeJournalFiles: JournalFiles = {
  async openAppend(path) {
    return new NodeAppendHandle(await open(path, 'a'));
  },
  async syncDir(path) {
    const handle = await open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
};
