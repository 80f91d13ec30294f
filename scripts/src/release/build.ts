import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildI2cAddon } from './addon.js';
import { programAssets, WORKERS } from './assets.js';
import { bundleProgram, bundleWorker } from './bundle.js';
import { withLock } from './lock.js';
import { nodeRuntime } from './node-runtime.js';
import { injectExecutable, seaBlob } from './sea.js';
import {
  ARCHES,
  type Arch,
  addonName,
  addonPath,
  executableName,
  executablePath,
  NODE_VERSION,
  PROGRAMS,
  type Program,
  RELEASE_DIR,
  REPO_ROOT,
  WORK_DIR,
} from './targets.js';

export interface BuildOptions {
  arches?: readonly Arch[];
  programs?: readonly Program[];
  /** Rebuild even when the inputs' hash matches the last build. */
  force?: boolean;
  log?: (line: string) => void;
}

export interface BuiltFile {
  name: string;
  path: string;
  bytes: number;
  /** Hash of what went into it: equal means the file was reused, not rebuilt. */
  inputHash: string;
  reused: boolean;
}

/** dist/release/build-info.json: what was built from which inputs. */
const INFO_FILE = join(RELEASE_DIR, 'build-info.json');
type BuildInfo = Record<string, string>;

function readInfo(): BuildInfo {
  try {
    return JSON.parse(readFileSync(INFO_FILE, 'utf8')) as BuildInfo;
  } catch {
    return {};
  }
}

/** The release builder's own compiled files: a change to the recipe is a change of input. */
function recipeHash(): string {
  const dir = join(REPO_ROOT, 'scripts/dist/release');
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith('.js') && !name.endsWith('.test.js')) hash.update(name).update(readFileSync(join(dir, name)));
  }
  return hash.digest('hex');
}

const hashOf = (...parts: (string | Buffer)[]): string => {
  const hash = createHash('sha256');
  for (const p of parts) hash.update(p).update('\0');
  return hash.digest('hex').slice(0, 24);
};

/**
 * `npm run release`: single executables for the agent and the gateway (x64 and arm64) and the
 * i2c-bus addon beside them, in dist/release/. Each file is rebuilt only when its inputs
 * (bundle, assets, Node version, recipe) changed. Expects a fresh `tsc -b`.
 */
export async function buildRelease(options: BuildOptions = {}): Promise<BuiltFile[]> {
  mkdirSync(WORK_DIR, { recursive: true });
  return withLock(join(WORK_DIR, '.lock'), () => build(options));
}

async function build(options: BuildOptions): Promise<BuiltFile[]> {
  const arches = options.arches ?? ARCHES;
  const programs = options.programs ?? PROGRAMS;
  const started = Date.now();
  const log = (line: string) => options.log?.(`${line} (+${((Date.now() - started) / 1000).toFixed(1)} s)`);
  mkdirSync(WORK_DIR, { recursive: true });
  const info = options.force ? {} : readInfo();
  const recipe = recipeHash();
  const built: BuiltFile[] = [];
  const record = (name: string, path: string, inputHash: string, reused: boolean) => {
    info[name] = inputHash;
    built.push({ name, path, bytes: statSync(path).size, inputHash, reused });
    writeFileSync(INFO_FILE, `${JSON.stringify(info, null, 2)}\n`);
  };

  // The host's Node 22 writes the blobs (the blob format belongs to the Node version).
  const host = await nodeRuntime('x64');
  for (const program of programs) {
    log(`bundling ${program}`);
    const bundle = await bundleProgram(program);
    const assets = programAssets(program);
    const workers: Record<string, string> = {};
    for (const key of WORKERS[program]) workers[key] = await bundleWorker(key);
    const bundleHash = hashOf(
      readFileSync(bundle),
      assets.manifest.hash,
      ...Object.entries(workers).flatMap(([key, file]) => [key, readFileSync(file)]),
      NODE_VERSION,
      recipe,
    );
    const stale = arches.filter((arch) => {
      const name = executableName(program, arch);
      const output = executablePath(program, arch);
      const inputHash = hashOf(bundleHash, arch);
      const reuse = info[name] === inputHash && existsSync(output);
      if (reuse) record(name, output, inputHash, true);
      return !reuse;
    });
    if (stale.length === 0) continue;
    const blob = await seaBlob(program, bundle, assets, workers, host);
    // One blob for every CPU; the targets are injected side by side (postject waits on I/O a lot).
    await Promise.all(
      stale.map(async (arch) => {
        const name = executableName(program, arch);
        log(`building ${name}`);
        await injectExecutable(await nodeRuntime(arch), blob, executablePath(program, arch));
        record(name, executablePath(program, arch), hashOf(bundleHash, arch), false);
      }),
    );
  }

  if (programs.includes('agent')) {
    const i2cVersion = (
      JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/i2c-bus/package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
    for (const arch of arches) {
      const name = addonName(arch);
      const output = addonPath(arch);
      const inputHash = hashOf('i2c-bus', i2cVersion, NODE_VERSION, arch, recipe);
      if (info[name] === inputHash && existsSync(output)) {
        record(name, output, inputHash, true);
        continue;
      }
      log(`building ${name}`);
      copyFileSync(await buildI2cAddon(await nodeRuntime(arch)), output);
      record(name, output, inputHash, false);
    }
  }
  return built;
}
