import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { percentile, round } from './stats.js';

/**
 * What one small append + fdatasync costs on this disk: the floor under any acknowledgement that
 * waits for durability, measured in the same run as the broker benchmark.
 */
export async function measureFdatasync(dir: string, count = 300): Promise<{ p50Ms: number; p99Ms: number }> {
  const handle = await open(join(dir, 'fdatasync-probe.ndjson'), 'a');
  const times: number[] = [];
  try {
    const line = `${JSON.stringify({ id: '01JBENCH0000000000000000000', seq: 1, data: {} })}\n`;
    for (let i = 0; i < count; i += 1) {
      const t = performance.now();
      await handle.appendFile(line);
      await handle.datasync();
      times.push(performance.now() - t);
    }
  } finally {
    await handle.close();
  }
  times.sort((a, b) => a - b);
  return { p50Ms: round(percentile(times, 50), 3), p99Ms: round(percentile(times, 99), 3) };
}
