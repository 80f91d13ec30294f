import { type FileHandle, mkdir, open, readFile, rename, rm, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * An append-only file with group commit: concurrent appends are written together and covered by
 * one fdatasync. Every operation (append, replace) runs in one queue, so a replace never
 * interleaves with an append.
 */
export class AppendFile {
  private handle: FileHandle | undefined;
  private queue: { data: string; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private chain: Promise<void> = Promise.resolve();
  private flushScheduled = false;
  private bytes = 0;

  private constructor(readonly path: string) {}

  /** Opens (creating the directory and file), returning the current contents. */
  static async open(path: string): Promise<{ file: AppendFile; contents: Buffer }> {
    await mkdir(dirname(path), { recursive: true });
    await rm(`${path}.tmp`, { force: true }); // a compaction that a crash interrupted
    let contents: Buffer;
    try {
      contents = await readFile(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      contents = Buffer.alloc(0);
    }
    const file = new AppendFile(path);
    file.bytes = contents.length;
    return { file, contents };
  }

  get size(): number {
    return this.bytes;
  }

  /** Cuts the file to `length` bytes (a torn tail) and makes it durable. Call before any append. */
  async truncateTo(length: number): Promise<void> {
    await truncate(this.path, length);
    const handle = await open(this.path, 'r+');
    try {
      await handle.datasync();
    } finally {
      await handle.close();
    }
    this.bytes = length;
  }

  /** Resolves once `data` is on disk (fdatasync). */
  append(data: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ data, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        this.enqueue(() => this.flush());
      }
    });
  }

  /**
   * Atomically replaces the whole file (temp file, fsync, rename, fsync of the directory).
   * `contents` is called when the replace runs, after every earlier append is on disk.
   */
  replace(contents: () => string): Promise<void> {
    return this.enqueue(async () => {
      const data = contents();
      await this.closeHandle();
      const tmp = `${this.path}.tmp`;
      const handle = await open(tmp, 'w');
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, this.path);
      await fsyncDir(dirname(this.path));
      this.bytes = Buffer.byteLength(data);
    });
  }

  /** Waits for queued work, then closes. */
  async close(): Promise<void> {
    await this.enqueue(() => this.closeHandle());
  }

  private enqueue(op: () => Promise<void>): Promise<void> {
    const run = this.chain.then(op);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async closeHandle(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    const batch = this.queue.splice(0);
    if (batch.length === 0) return;
    const data = batch.map((b) => b.data).join('');
    try {
      this.handle ??= await open(this.path, 'a');
      await this.handle.write(data);
      await this.handle.datasync();
      this.bytes += Buffer.byteLength(data);
    } catch (e) {
      // Do not leave half a line for the next append to run into.
      await this.closeHandle().catch(() => undefined);
      await truncate(this.path, this.bytes).catch(() => undefined);
      for (const b of batch) b.reject(e);
      return;
    }
    for (const b of batch) b.resolve();
  }
}
