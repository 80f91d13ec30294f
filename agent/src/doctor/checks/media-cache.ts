import { randomBytes } from 'node:crypto';
import { open, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { type DoctorCheck, errorDetail, fault, ok, skip } from '@ktv/protocol';
import { songIdOfCacheName } from '../../media-cache/media-cache.js';
import { MB } from './data-dir.js';

export interface MediaCacheCheckOptions {
  source: 'file' | 'gateway';
  dir: string;
  maxBytes: number;
}

export interface CacheCount {
  files: number;
  bytes: number;
  parts: number;
  partBytes: number;
  foreign: string[];
}

/** Tallies a cache folder listing as the cache indexes it (whole files by name, parts, others). Pure. */
export function tallyCache(entries: readonly { name: string; bytes: number }[]): CacheCount {
  const count: CacheCount = { files: 0, bytes: 0, parts: 0, partBytes: 0, foreign: [] };
  for (const e of entries) {
    if (e.name.endsWith('.part') && songIdOfCacheName(e.name.slice(0, -'.part'.length)) !== null) {
      count.parts += 1;
      count.partBytes += e.bytes;
    } else if (songIdOfCacheName(e.name) !== null) {
      count.files += 1;
      count.bytes += e.bytes;
    } else {
      count.foreign.push(e.name);
    }
  }
  return count;
}

/**
 * The media cache (source gateway): its folder is usable (writable), and the whole files it
 * indexes stay within mediaCache.maxBytes. A folder not made yet is fine: the agent makes it.
 */
export function mediaCacheCheck(o: MediaCacheCheckOptions): DoctorCheck {
  return {
    name: 'mediaCache',
    title: 'doctor.check.mediaCache',
    timeoutMs: 15_000,
    failCode: 'D114',
    async run() {
      if (o.source === 'file') return skip('doctor.skip.noMediaCache');
      const maxMb = Math.round(o.maxBytes / MB);
      const params = { dir: o.dir };
      const st = await stat(o.dir).catch((e: NodeJS.ErrnoException) => e);
      if (st instanceof Error) {
        if (st.code === 'ENOENT') return ok('doctor.ok.mediaCache', { ...params, files: 0, usedMb: 0, maxMb });
        return fault('D114', params, st.message);
      }
      if (!st.isDirectory()) return fault('D114', params, `${o.dir} is not a folder`);
      const entries: { name: string; bytes: number }[] = [];
      try {
        const probe = join(o.dir, `.doctor-${process.pid}-${randomBytes(4).toString('hex')}`);
        const handle = await open(probe, 'wx', 0o600);
        await handle.close();
        await unlink(probe);
        for (const name of await readdir(o.dir)) {
          const s = await stat(join(o.dir, name));
          if (s.isFile()) entries.push({ name, bytes: s.size });
        }
      } catch (e) {
        return fault('D114', params, errorDetail(e));
      }
      const count = tallyCache(entries);
      const usedMb = (count.bytes / MB).toFixed(1);
      const notes = [
        count.parts > 0 ? `${count.parts} partial download(s), ${(count.partBytes / MB).toFixed(1)} MB` : '',
        count.foreign.length > 0 ? `not cache files: ${count.foreign.slice(0, 5).join(', ')}` : '',
      ]
        .filter((n) => n !== '')
        .join('; ');
      if (count.bytes > o.maxBytes) {
        return fault(
          'D115',
          { ...params, usedMb, maxMb },
          `${count.bytes} bytes > ${o.maxBytes}${notes ? `; ${notes}` : ''}`,
        );
      }
      return ok('doctor.ok.mediaCache', { ...params, files: count.files, usedMb, maxMb }, notes || undefined);
    },
  };
}
