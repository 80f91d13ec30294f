import { readdir, stat } from 'node:fs/promises';
import { type DoctorCheck, errorDetail, fault, ok } from '@ktv/protocol';
import { CatalogError, loadCatalog } from '../../catalog/load-catalog.js';
import { CatalogFileError, CatalogFiles } from '../../catalog/replica/catalog-files.js';

export interface CatalogCheckOptions {
  source: 'file' | 'gateway';
  /** catalog.file (source file). */
  file: string;
  /** DATA/catalog: the replica of the gateway's catalog (source gateway). */
  replicaDir: string;
  /** The version the gateway announces, when the gateway check heard it (null: none or not heard). */
  announced?: () => number | null;
}

/** The room's catalog: the local file parses, or the replica on disk reads back whole (version, songs). */
export function catalogCheck(o: CatalogCheckOptions): DoctorCheck {
  return {
    name: 'catalog',
    title: 'doctor.check.catalog',
    timeoutMs: 15_000,
    failCode: 'D112',
    async run() {
      if (o.source === 'file') {
        if (o.file === '') return fault('D113', { source: 'catalog.file' }, 'catalog.file is empty');
        try {
          const catalog = await loadCatalog(o.file);
          return ok('doctor.ok.catalogFile', { file: o.file, songs: catalog.songs.length });
        } catch (e) {
          if (!(e instanceof CatalogError)) throw e;
          return fault('D113', { source: o.file }, [e.message, ...e.details.slice(0, 3)].join('; '));
        }
      }
      // Read-only: CatalogFiles.readCurrent creates the folder, so a missing one is answered here.
      const exists = await stat(o.replicaDir).then(
        (s) => s.isDirectory(),
        () => false,
      );
      if (!exists || (await readdir(o.replicaDir)).length === 0) {
        return fault('D113', { source: 'gateway' }, `${o.replicaDir} holds no catalog yet`);
      }
      try {
        const current = await new CatalogFiles(o.replicaDir).readCurrent();
        if (!current) return fault('D113', { source: 'gateway' }, `${o.replicaDir}/current is missing`);
        const { version, songs } = current.snapshot;
        const announced = o.announced?.() ?? null;
        if (announced !== null && version < announced) return fault('D116', { version, announced });
        const detail = announced === null ? undefined : `the gateway announces version ${announced}`;
        return ok('doctor.ok.catalog', { version, songs: songs.length }, detail);
      } catch (e) {
        if (e instanceof CatalogFileError || (e as NodeJS.ErrnoException).code !== undefined) {
          return fault('D112', { dir: o.replicaDir }, errorDetail(e));
        }
        throw e;
      }
    },
  };
}
