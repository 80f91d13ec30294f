import { randomBytes } from 'node:crypto';
import { open, stat, statfs, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { type DoctorCheck, type DoctorFaultCode, errorDetail, fault, ok } from '@ktv/protocol';

export const MB = 1024 * 1024;

export interface DataDirCheckOptions {
  dir: string;
  /** Less free space than this on the folder's file system is a fault. */
  minFreeBytes: number;
  missingCode: DoctorFaultCode;
  lowSpaceCode: DoctorFaultCode;
  timeoutMs?: number;
}

/** The data folder is a folder, a file can be written and fsynced in it, and its disk has room. */
export function dataDirCheck(o: DataDirCheckOptions): DoctorCheck {
  return {
    name: 'dataDir',
    title: 'doctor.check.dataDir',
    timeoutMs: o.timeoutMs ?? 5000,
    failCode: o.missingCode,
    async run() {
      const params = { dir: o.dir };
      try {
        const st = await stat(o.dir);
        if (!st.isDirectory()) return fault(o.missingCode, params, `${o.dir} is not a folder`);
        const probe = join(o.dir, `.doctor-${process.pid}-${randomBytes(4).toString('hex')}`);
        const handle = await open(probe, 'wx', 0o600);
        try {
          await handle.writeFile('doctor\n');
          await handle.sync();
        } finally {
          await handle.close();
          await unlink(probe).catch(() => undefined);
        }
      } catch (e) {
        return fault(o.missingCode, params, errorDetail(e));
      }
      const fs = await statfs(o.dir);
      const free = fs.bavail * fs.bsize;
      const freeMb = Math.floor(free / MB);
      if (free < o.minFreeBytes) {
        return fault(o.lowSpaceCode, { ...params, freeMb, minMb: Math.ceil(o.minFreeBytes / MB) });
      }
      return ok('doctor.ok.dataDir', { ...params, freeMb });
    },
  };
}
