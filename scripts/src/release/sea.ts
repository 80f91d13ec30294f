import { chmodSync, copyFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ASSET_MANIFEST_KEY, type ProgramAssets } from './assets.js';
import type { NodeRuntime } from './node-runtime.js';
import { run } from './run.js';
import { type Arch, type Program, REPO_ROOT, WORK_DIR } from './targets.js';

/** The fuse postject flips so Node runs the injected blob (Node's documented value). */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const POSTJECT_CLI = join(REPO_ROOT, 'node_modules/postject/dist/cli.js');

/**
 * Makes a program's SEA preparation blob with the host's Node 22 (the same version as every
 * target). No code cache and no snapshot: the blob is then valid on any CPU, so one blob serves
 * x64 and arm64.
 */
export async function seaBlob(
  program: Program,
  bundle: string,
  assets: ProgramAssets,
  workers: Record<string, string>,
  host: NodeRuntime,
): Promise<string> {
  const blob = join(WORK_DIR, `ktv-${program}.blob`);
  const manifestFile = join(WORK_DIR, `ktv-${program}-assets.json`);
  writeFileSync(manifestFile, JSON.stringify(assets.manifest));
  const config = {
    main: bundle,
    output: blob,
    disableExperimentalSEAWarning: true,
    useSnapshot: false,
    useCodeCache: false,
    assets: { ...assets.files, ...workers, [ASSET_MANIFEST_KEY]: manifestFile },
  };
  const configFile = join(WORK_DIR, `ktv-${program}-sea-config.json`);
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  await run(host.binary, ['--experimental-sea-config', configFile], { cwd: WORK_DIR });
  return blob;
}

const STRIP: Record<Arch, string> = { x64: 'strip', arm64: 'aarch64-linux-gnu-strip' };

/** Copies the target's Node, strips its debug symbols and injects the blob. */
export async function injectExecutable(runtime: NodeRuntime, blob: string, output: string): Promise<void> {
  const temp = `${output}.tmp`;
  rmSync(temp, { force: true });
  copyFileSync(runtime.binary, temp);
  chmodSync(temp, 0o755);
  await run(STRIP[runtime.arch], ['--strip-all', temp]);
  await run(process.execPath, [POSTJECT_CLI, temp, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE]);
  renameSync(temp, output);
}
