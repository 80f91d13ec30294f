import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Program, REPO_ROOT } from './targets.js';

/** The key of the assets' index (agent/src/assets.ts and gateway/src/assets.ts read it). */
export const ASSET_MANIFEST_KEY = 'ktv-assets.json';

/** Files and folders (repository-relative) that go inside each program's executable. */
export const SHIPPED: Record<Program, readonly string[]> = {
  agent: ['agent/ui/public', 'agent/ui/dist', 'firmware-config/agent.schema.json'],
  gateway: ['gateway/ui/public', 'gateway/ui/dist'],
};

/**
 * Worker thread modules (compiled paths) a program starts with startShippedWorker(): each is
 * bundled on its own and goes into the executable as an asset under this key.
 */
export const WORKERS: Record<Program, readonly string[]> = {
  agent: ['agent/dist/catalog/index-worker.js'],
  gateway: ['gateway/dist/library/index-worker.js'],
};

/** Compiler by-products that a browser never asks for. */
const SKIPPED = /\.(map|d\.ts|tsbuildinfo)$/;

export interface ProgramAssets {
  /** SEA asset key (repository-relative path) -> file on disk. */
  files: Record<string, string>;
  /** The index written as the ASSET_MANIFEST_KEY asset. */
  manifest: { hash: string; keys: string[] };
}

function walk(key: string, out: string[]): void {
  const file = join(REPO_ROOT, key);
  if (!statSync(file).isDirectory()) {
    if (!SKIPPED.test(key)) out.push(key);
    return;
  }
  for (const name of readdirSync(file).sort()) {
    if (name.startsWith('.')) continue;
    walk(`${key}/${name}`, out);
  }
}

/** Lists a program's assets and hashes them (keys and contents). */
export function programAssets(program: Program): ProgramAssets {
  const keys: string[] = [];
  for (const key of SHIPPED[program]) walk(key, keys);
  const hash = createHash('sha256');
  const files: Record<string, string> = {};
  for (const key of keys) {
    const file = join(REPO_ROOT, key);
    files[key] = file;
    hash.update(`${key}\0`).update(readFileSync(file)).update('\0');
  }
  return { files, manifest: { hash: hash.digest('hex').slice(0, 16), keys } };
}
