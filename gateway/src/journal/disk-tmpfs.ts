import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * For tests: a real small file system (tmpfs of `sizeBytes`) mounted on a temp folder, so the
 * journal meets a real ENOSPC and statfs. Needs root (or CAP_SYS_ADMIN); where mounting is not
 * allowed it answers with the reason, and the test says it skipped the real disk.
 */
export async function mountSmallTmpfs(
  sizeBytes: number,
): Promise<
  | { ok: true; dir: string; resize: (bytes: number) => Promise<void>; unmount: () => Promise<void> }
  | { ok: false; reason: string }
> {
  const dir = await mkdtemp(join(tmpdir(), 'ktv-tmpfs-'));
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', dir]);
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    return { ok: false, reason: `mount -t tmpfs refused: ${(e as Error).message.split('\n')[0]}` };
  }
  return {
    ok: true,
    dir,
    resize: async (bytes: number) => {
      await run('mount', ['-o', `remount,size=${bytes}`, dir]);
    },
    unmount: async () => {
      // lazy: a test that failed may still hold a file open; the mount goes when it is closed
      await run('umount', ['-l', dir]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
