import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What `debugfs stat` says about an inode. */
export interface Ext4Stat {
  type: 'file' | 'dir' | 'symlink' | 'other';
  mode: number;
  uid: number;
  gid: number;
  size: number;
  /** A symbolic link's target. */
  target?: string;
}

/** `debugfs -R 'stat PATH'` output as an Ext4Stat, or undefined for a missing file (pure). */
export function parseDebugfsStat(text: string): Ext4Stat | undefined {
  const head = /Type:\s+(\S+)\s+Mode:\s+([0-7]+)/.exec(text);
  const owner = /User:\s+(\d+)\s+Group:\s+(\d+)/.exec(text);
  const size = /Size:\s+(\d+)/.exec(text);
  if (!head || !owner || !size) return undefined;
  const kind = head[1];
  const type = kind === 'regular' ? 'file' : kind === 'directory' ? 'dir' : kind === 'symlink' ? 'symlink' : 'other';
  const fast = /Fast link dest:\s+"(.*)"/.exec(text);
  return {
    type,
    mode: Number.parseInt(head[2] ?? '0', 8),
    uid: Number(owner[1]),
    gid: Number(owner[2]),
    size: Number(size[1]),
    ...(fast ? { target: fast[1] } : {}),
  };
}

/**
 * An ext4 file system inside a disk image, read with e2fsprogs' debugfs at a byte offset
 * (`IMAGE?offset=N`): no mount, no root, nothing written.
 */
export class Ext4Image {
  private readonly device: string;

  constructor(image: string, offset: number) {
    this.device = `${image}?offset=${offset}`;
  }

  private async debugfs(request: string, maxBuffer = 16 * 1024 * 1024): Promise<string> {
    const { stdout } = await run('debugfs', ['-R', request, this.device], { maxBuffer });
    return stdout;
  }

  async stat(path: string): Promise<Ext4Stat | undefined> {
    const found = parseDebugfsStat(await this.debugfs(`stat "${path}"`));
    if (found?.type === 'symlink' && found.target === undefined) {
      return { ...found, target: (await this.read(path))?.toString('utf8') ?? '' };
    }
    return found;
  }

  /** A file's first `maxBytes` bytes (all of it by default), or undefined when it is not there. */
  read(path: string, maxBytes = Number.POSITIVE_INFINITY): Promise<Buffer | undefined> {
    return new Promise((resolve, reject) => {
      const child = spawn('debugfs', ['-R', `cat "${path}"`, this.device], { stdio: ['ignore', 'pipe', 'pipe'] });
      const chunks: Buffer[] = [];
      let length = 0;
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => {
        chunks.push(c);
        length += c.length;
        if (length >= maxBytes) child.kill('SIGKILL');
      });
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString();
      });
      child.on('error', reject);
      child.on('close', () => {
        if (/not found|File not found/i.test(stderr)) return resolve(undefined);
        const all = Buffer.concat(chunks);
        resolve(Number.isFinite(maxBytes) ? all.subarray(0, maxBytes) : all);
      });
    });
  }

  /** The names in a folder (without . and ..), or undefined when it is not there. */
  async list(dir: string): Promise<string[] | undefined> {
    const out = await this.debugfs(`ls -p "${dir}"`);
    const names = out
      .split('\n')
      .map((l) => l.split('/'))
      .filter((f) => f.length >= 7)
      .map((f) => f[5] ?? '')
      .filter((n) => n !== '' && n !== '.' && n !== '..');
    return names.length > 0 ? names : (await this.stat(dir)) ? [] : undefined;
  }

  /** The superblock's volume label and UUID (`dumpe2fs -h`). */
  async identity(): Promise<{ label: string; uuid: string }> {
    const { stdout } = await run('dumpe2fs', ['-h', this.device]);
    const label = /^Filesystem volume name:\s*(.*)$/m.exec(stdout)?.[1]?.trim() ?? '';
    const uuid = /^Filesystem UUID:\s*(\S+)$/m.exec(stdout)?.[1] ?? '';
    return { label: label === '<none>' ? '' : label, uuid };
  }
}
