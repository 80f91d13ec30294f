import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  CatalogSnapshot,
  compile,
  type DoctorCheck,
  errorDetail,
  fault,
  ok,
  validateCatalogAnnouncement,
} from '@ktv/protocol';
import { snapshotName } from '../../library/catalog-plan.js';
import { LIBRARY_DIR } from '../../library/library-store.js';

const checkSnapshot = compile(CatalogSnapshot);

/**
 * DATA/library: the announcement (catalog/current.json) names a version whose snapshot is on
 * disk, matches its sha256 and reads back as a catalog. Nothing imported yet is D210.
 */
export function libraryCheck(dataDir: string): DoctorCheck {
  return {
    name: 'library',
    title: 'doctor.check.library',
    timeoutMs: 30_000,
    failCode: 'D211',
    async run() {
      const catalogDir = join(dataDir, LIBRARY_DIR, 'catalog');
      const current = join(catalogDir, 'current.json');
      let text: string;
      try {
        text = await readFile(current, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return fault('D210', { dir: dataDir });
        return fault('D211', { file: current }, errorDetail(e));
      }
      let announcement: unknown;
      try {
        announcement = JSON.parse(text);
      } catch (e) {
        return fault('D211', { file: current }, `not JSON: ${errorDetail(e)}`);
      }
      const a = validateCatalogAnnouncement(announcement);
      if (!a.ok) return fault('D211', { file: current }, a.errors.slice(0, 3).join('; '));
      const file = join(catalogDir, snapshotName(a.value.version));
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch (e) {
        return fault('D211', { file }, errorDetail(e));
      }
      const sha = createHash('sha256').update(bytes).digest('hex');
      if (sha !== a.value.snapshot.sha256) {
        return fault(
          'D211',
          { file },
          `sha256 ${sha.slice(0, 12)}… where current.json says ${a.value.snapshot.sha256.slice(0, 12)}…`,
        );
      }
      let snapshot: unknown;
      try {
        snapshot = JSON.parse(gunzipSync(bytes).toString('utf8'));
      } catch (e) {
        return fault('D211', { file }, errorDetail(e));
      }
      const s = checkSnapshot(snapshot);
      if (!s.ok) return fault('D211', { file }, s.errors.slice(0, 3).join('; '));
      return ok('doctor.ok.library', { version: s.value.version, songs: s.value.songs.length });
    },
  };
}
