import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as sea from 'node:sea';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Where the files that ship with the gateway are (admin page). In development and
 * `npm start` they are read from the source tree; in a release executable (Node single executable
 * application, `npm run release`) they are SEA assets inside the executable. Keys are paths
 * relative to the repository root, e.g. `gateway/ui/public/index.html`.
 *
 * Folders served by a static file server are written out once per build to a private folder
 * (`$RUNTIME_DIRECTORY`, `$XDG_RUNTIME_DIR` or the temp folder, named by the assets' hash) and served from there.
 * `KTV_ASSET_ROOT` points the program at another repository root (a bundle run by plain `node`).
 *
 * The same seam exists in agent/src/assets.ts (agent and gateway share no code but protocol/).
 */

/** The index the release build adds as an asset (scripts/src/release/sea-config.ts). */
export const ASSET_MANIFEST_KEY = 'ktv-assets.json';

interface AssetManifest {
  /** Hash of every asset's key and content: names the extracted folder. */
  hash: string;
  /** Every asset key except the manifest itself. */
  keys: string[];
}

const inExecutable = (): boolean => sea.isSea();

function repoRoot(): string {
  const override = process.env.KTV_ASSET_ROOT;
  if (override) return override;
  // gateway/dist/assets.js -> the repository root
  return fileURLToPath(new URL('../../', import.meta.url));
}

/** The text of one shipped file. */
export function readShippedText(key: string): string {
  if (inExecutable()) return sea.getAsset(key, 'utf8');
  return readFileSync(join(repoRoot(), key), 'utf8');
}

/**
 * A worker thread running a shipped module, named by its compiled path (e.g.
 * `gateway/dist/<folder>/<name>-worker.js`). In development that file runs as it is; in a release
 * executable its bundled copy (a SEA asset, listed in scripts/src/release/assets.ts WORKERS) runs
 * as an eval'd CommonJS worker, the one kind of worker a single executable can start.
 */
export function startShippedWorker(key: string, options: WorkerOptions = {}): Worker {
  if (inExecutable()) return new Worker(sea.getAsset(key, 'utf8'), { ...options, eval: true });
  return new Worker(join(repoRoot(), key), options);
}

let extracted: string | undefined;

/** A shipped folder as a path on disk (for a static file server). */
export function shippedFolder(key: string): string {
  if (!inExecutable()) return join(repoRoot(), key);
  extracted ??= extractAssets();
  return join(extracted, key);
}

function extractAssets(): string {
  const manifest = JSON.parse(sea.getAsset(ASSET_MANIFEST_KEY, 'utf8')) as AssetManifest;
  // systemd's RuntimeDirectory= (first entry), a login session's runtime folder, or the temp folder.
  const base = process.env.RUNTIME_DIRECTORY?.split(':')[0] || process.env.XDG_RUNTIME_DIR || tmpdir();
  const uid = process.getuid?.() ?? 0;
  const target = join(base, `ktv-assets-${uid}-${manifest.hash}`);
  // The folder appears only complete (renamed into place), so an existing one is never rewritten.
  if (completeAndOurs(target, uid)) return target;
  const temp = mkdtempSync(join(base, `ktv-assets-${uid}-tmp-`));
  for (const key of manifest.keys) {
    const file = join(temp, key);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, new Uint8Array(sea.getAsset(key)));
  }
  writeFileSync(join(temp, '.complete'), manifest.hash);
  try {
    renameSync(temp, target);
  } catch {
    // Another process of the same build won the race (its copy is identical), or the name is taken.
    rmSync(temp, { recursive: true, force: true });
  }
  if (!completeAndOurs(target, uid)) {
    throw new Error(`asset folder ${target} is incomplete or not owned by uid ${uid}; remove it`);
  }
  return target;
}

function completeAndOurs(folder: string, uid: number): boolean {
  return existsSync(join(folder, '.complete')) && statSync(folder).uid === uid;
}
