import { buildSearchIndex, type CatalogSong, loadSearchIndex, type SearchIndex } from '@ktv/protocol';
import { startShippedWorker } from '../assets.js';
import type { IndexWorkerReply } from './index-worker.js';

/** The compiled worker entry, as a shipped file key (a SEA asset in a release executable). */
export const LIBRARY_INDEX_WORKER = 'gateway/dist/library/index-worker.js';

/** Below this many songs the index is built in place (a few tens of milliseconds). */
export const BUILD_IN_PLACE_BELOW = 20_000;

function buildInWorker(snapshotFile: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const worker = startShippedWorker(LIBRARY_INDEX_WORKER);
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.once('message', (reply: IndexWorkerReply) =>
      settle(() => (reply.ok ? resolve(reply.bytes) : reject(new Error(reply.message)))),
    );
    worker.once('error', (e) => settle(() => reject(e)));
    worker.once('exit', (code) => settle(() => reject(new Error(`index worker exited (${code})`))));
    worker.postMessage(snapshotFile);
  });
}

/**
 * The search index over `songs`, the songs of the snapshot file `snapshotFile` in its order. A
 * big catalog is indexed by a worker thread that reads the file itself, so the gateway's event
 * loop (the broker's) never runs the build; the bytes come back and are loaded over `songs`
 * (checked to be the same songs). A small one, or one the worker cannot index, is built in place.
 */
export async function libraryIndex(
  songs: readonly CatalogSong[],
  snapshotFile: string | undefined,
  inPlaceBelow = BUILD_IN_PLACE_BELOW,
): Promise<{ index: SearchIndex; via: 'in place' | 'worker'; fallback?: string }> {
  if (snapshotFile === undefined || songs.length < inPlaceBelow)
    return { index: buildSearchIndex(songs), via: 'in place' };
  try {
    return { index: loadSearchIndex(await buildInWorker(snapshotFile), songs), via: 'worker' };
  } catch (e) {
    // The worker failed, or its index is over other songs (KTV_E_SEARCH_INDEX): build it here.
    return { index: buildSearchIndex(songs), via: 'in place', fallback: (e as Error).message ?? String(e) };
  }
}
