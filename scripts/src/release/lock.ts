import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `work` holding a lock file (the release build shares dist/release/.work between, e.g., the
 * test run and a benchmark). A lock whose process is gone is taken over. Another build holding it
 * is waited for: there is no event to wait on across processes, so the file is checked every 500 ms.
 */
export async function withLock<T>(file: string, work: () => Promise<T>, timeoutMs = 900_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (!Number.isInteger(holder) || holder <= 0 || !alive(holder)) {
        rmSync(file, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`${file}: another release build (pid ${holder}) holds the lock`);
      await sleep(500);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(file, { force: true });
  }
}
