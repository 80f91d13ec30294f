import { startShippedWorker } from '../../assets.js';
import type { WorkerReply } from '../index-worker.js';
import { CatalogFileError } from './catalog-files.js';
import type { PreparedVersion, VersionJob } from './prepare-version.js';

/** The compiled worker entry, as a shipped file key (a SEA asset in a release executable). */
export const INDEX_WORKER = 'agent/dist/catalog/index-worker.js';

/** A catalog job failed in the worker; `code` is the worker's (KTV_E_CATALOG_FILE, ...). */
export class PrepareError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PrepareError';
  }
}

/**
 * Runs one VersionJob in a fresh worker thread (decoding, the durable write and the index build
 * never block the room's event loop); the worker ends with the job. The download's bytes are
 * copied to the worker; the index comes back transferred.
 */
export function prepareInWorker(job: VersionJob): Promise<PreparedVersion | null> {
  return new Promise((resolve, reject) => {
    const worker = startShippedWorker(INDEX_WORKER);
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.once('message', (reply: WorkerReply) => {
      settle(() => {
        if (reply.ok) resolve(reply.result);
        else if (reply.code === 'KTV_E_CATALOG_FILE') reject(new CatalogFileError(reply.message));
        else reject(new PrepareError(reply.code, reply.message));
      });
    });
    worker.once('error', (e) => settle(() => reject(new PrepareError('KTV_E_CATALOG_UPDATE', e.message))));
    worker.once('exit', (code) =>
      settle(() =>
        reject(new PrepareError('KTV_E_CATALOG_UPDATE', `catalog worker exited (${code}) without a result`)),
      ),
    );
    worker.postMessage(job);
  });
}
