/**
 * Worker thread entry (started by library-index.ts): reads a catalog snapshot file
 * (`catalog/N.json.gz`), builds its search index and posts it back as bytes (transferred).
 */
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import { buildSearchIndex, type CatalogSnapshot, serialiseSearchIndex } from '@ktv/protocol';

export type IndexWorkerReply = { ok: true; bytes: Uint8Array } | { ok: false; message: string };

const port = parentPort;
if (port !== null) {
  port.once('message', (file: string) => {
    readFile(file)
      .then((gz) => {
        const snapshot = JSON.parse(gunzipSync(gz).toString('utf8')) as CatalogSnapshot;
        const bytes = serialiseSearchIndex(buildSearchIndex(snapshot.songs));
        const reply: IndexWorkerReply = { ok: true, bytes };
        port.postMessage(reply, [bytes.buffer as ArrayBuffer]);
      })
      .catch((e: unknown) => {
        const reply: IndexWorkerReply = { ok: false, message: (e as Error).message ?? String(e) };
        port.postMessage(reply);
      });
  });
}
