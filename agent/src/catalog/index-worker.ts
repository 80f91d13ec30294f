/**
 * Worker thread entry (started by replica/prepare-in-worker.ts): runs one catalog VersionJob and
 * posts the result back, the index's and the songs' bytes transferred, not copied. Errors go back as
 * `{ code, message }`.
 */
import { parentPort } from 'node:worker_threads';
import { prepareVersion, type VersionJob } from './replica/prepare-version.js';

export type WorkerReply =
  | { ok: true; result: Awaited<ReturnType<typeof prepareVersion>> }
  | { ok: false; code: string; message: string };

const port = parentPort;
if (port !== null) {
  port.once('message', (job: VersionJob) => {
    prepareVersion(job).then(
      (result) => {
        const reply: WorkerReply = { ok: true, result };
        port.postMessage(
          reply,
          result === null ? [] : [result.index.buffer as ArrayBuffer, result.songBytes.buffer as ArrayBuffer],
        );
      },
      (e: unknown) => {
        const err = e as Error & { code?: unknown };
        const reply: WorkerReply = {
          ok: false,
          code: typeof err.code === 'string' ? err.code : 'KTV_E_CATALOG_UPDATE',
          message: err.message ?? String(e),
        };
        port.postMessage(reply);
      },
    );
  });
}
