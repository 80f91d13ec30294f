import { readdir, readFile } from 'node:fs/promises';

/** For tests: the pids of processes whose command line has this exact argument (e.g. an mpv's socket). */
export async function processesWith(arg: string): Promise<number[]> {
  const pids: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const cmd = await readFile(`/proc/${name}/cmdline`, 'utf8').catch(() => '');
    if (cmd.split('\0').includes(arg)) pids.push(Number(name));
  }
  return pids;
}
