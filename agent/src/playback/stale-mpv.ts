import { readdir, readFile } from 'node:fs/promises';

/**
 * Kills an mpv left running by an agent that died without stopping it (kill -9, a crash): the
 * one whose command line has our IPC socket. Linux (/proc); elsewhere it finds nothing.
 * Returns the pids it killed.
 */
export async function killStaleMpv(socketPath: string): Promise<number[]> {
  const marker = `--input-ipc-server=${socketPath}`;
  let names: string[];
  try {
    names = await readdir('/proc');
  } catch {
    return [];
  }
  const killed: number[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    let args: string[];
    try {
      args = (await readFile(`/proc/${name}/cmdline`, 'utf8')).split('\0');
    } catch {
      continue; // gone meanwhile, or not ours to read
    }
    if (!args.includes(marker)) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      // already gone
    }
  }
  return killed;
}
