import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { type DoctorCheck, errorDetail, fault, ok } from '@ktv/protocol';
import { JournalCorruptError } from '../../journal/errors.js';
import { segmentFileName } from '../../journal/journal.js';
import { scanSegment } from '../../journal/segment-scan.js';

const SEGMENT_NAME = /^(\d{8,})\.ndjson$/;
/** How long a write in flight gets before a torn end counts (a group commit is one write). */
const RESCAN_MS = 300;

/**
 * Reads every journal segment back without changing anything: each record's checksum and seq,
 * segments following each other without a gap, and only the last one may end in a torn write
 * (which the gateway cuts at its next start: D206). Anything else that does not read back is D205.
 */
export function journalCheck(
  dir: string,
  beforeRescan: (signal: AbortSignal) => Promise<void> = (signal) => delay(RESCAN_MS, undefined, { signal }),
): DoctorCheck {
  return {
    name: 'journal',
    title: 'doctor.check.journal',
    timeoutMs: 60_000,
    failCode: 'D205',
    async run(signal) {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return ok('doctor.ok.journalEmpty');
        return fault('D205', { file: dir, offset: 0 }, errorDetail(e));
      }
      const firsts = names
        .map((n) => SEGMENT_NAME.exec(n)?.[1])
        .filter((n): n is string => n !== undefined)
        .map(Number)
        .sort((a, b) => a - b);
      if (firsts.length === 0) return ok('doctor.ok.journalEmpty');
      let lastSeq = 0;
      for (const [i, first] of firsts.entries()) {
        signal.throwIfAborted();
        const file = join(dir, segmentFileName(first));
        if (i > 0 && first !== lastSeq + 1) {
          return fault('D205', { file, offset: 0 }, `segment starts at seq ${first} where ${lastSeq + 1} was expected`);
        }
        const isLast = i === firsts.length - 1;
        try {
          let scanned = scanSegment(await readFile(file), file, first, isLast, false);
          if (scanned.torn) {
            // A running gateway may be mid-write: read the end again once it had time to finish.
            await beforeRescan(signal);
            scanned = scanSegment(await readFile(file), file, first, isLast, false);
          }
          lastSeq = first + scanned.records.length - 1;
          if (scanned.torn) {
            return fault(
              'D206',
              { file, bytes: scanned.torn.bytes },
              `at offset ${scanned.torn.offset}: ${scanned.torn.reason}`,
            );
          }
        } catch (e) {
          if (e instanceof JournalCorruptError) {
            return fault('D205', { file, offset: e.offset }, e.message);
          }
          return fault('D205', { file, offset: 0 }, errorDetail(e));
        }
      }
      return ok('doctor.ok.journal', { segments: firsts.length, lastSeq });
    },
  };
}
