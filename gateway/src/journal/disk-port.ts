import { statfs } from 'node:fs/promises';

/** How full the file system holding a folder is. */
export interface DiskUsage {
  totalBytes: number;
  /** Bytes an unprivileged writer may still use (statfs bavail). */
  freeBytes: number;
  /** Percent used the way `df` counts it: used / (used + available). */
  usedPct: number;
}

/** The disk behind a port: the real one asks statfs; the twin (disk-quota-twin.ts) is a quota over a folder. */
export interface DiskPort {
  usage(path: string): Promise<DiskUsage>;
}

export function usageOf(totalBytes: number, usedBytes: number, freeBytes: number): DiskUsage {
  const denominator = usedBytes + freeBytes;
  return { totalBytes, freeBytes, usedPct: denominator > 0 ? (usedBytes / denominator) * 100 : 100 };
}

export const nodeDisk: DiskPort = {
  async usage(path) {
    const s = await statfs(path);
    const total = s.blocks * s.bsize;
    const used = (s.blocks - s.bfree) * s.bsize;
    return usageOf(total, used, s.bavail * s.bsize);
  },
};
