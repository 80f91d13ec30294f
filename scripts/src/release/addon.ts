import { cpSync, existsSync, mkdirSync, realpathSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { NodeRuntime } from './node-runtime.js';
import { run } from './run.js';
import { type Arch, REPO_ROOT, WORK_DIR } from './targets.js';

const TOOLCHAIN: Record<Arch, { cc: string; cxx: string }> = {
  x64: { cc: 'gcc', cxx: 'g++' },
  arm64: { cc: 'aarch64-linux-gnu-gcc', cxx: 'aarch64-linux-gnu-g++' },
};

/** node-gyp as npm ships it (npm's own copy; nothing is downloaded: the headers come with --nodedir). */
function nodeGyp(): string {
  const npmCli = realpathSync(join(dirname(process.execPath), 'npm'));
  const candidates = [
    join(dirname(npmCli), '../node_modules/node-gyp/bin/node-gyp.js'),
    join(dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
  ];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`node-gyp not found beside npm (looked at ${candidates.join(', ')})`);
  return found;
}

/**
 * Builds the i2c-bus native addon for one target against that target's Node 22 headers
 * (a cross compiler for arm64: Debian's g++-aarch64-linux-gnu). Returns the built .node file.
 */
export async function buildI2cAddon(runtime: NodeRuntime): Promise<string> {
  const source = join(REPO_ROOT, 'node_modules/i2c-bus');
  const dir = join(WORK_DIR, `i2c-bus-${runtime.arch}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(source, 'binding.gyp'), join(dir, 'binding.gyp'));
  cpSync(join(source, 'src'), join(dir, 'src'), { recursive: true });
  const { cc, cxx } = TOOLCHAIN[runtime.arch];
  const env = {
    ...process.env,
    CC: cc,
    CXX: cxx,
    LINK: cxx,
    // binding.gyp asks `node -e "require('nan')"` for nan's include folder.
    NODE_PATH: join(REPO_ROOT, 'node_modules'),
    npm_config_nodedir: runtime.nodedir,
  };
  await run(
    process.execPath,
    [nodeGyp(), 'rebuild', `--arch=${runtime.arch}`, `--nodedir=${runtime.nodedir}`, '--jobs=2'],
    { cwd: dir, env },
  );
  return join(dir, 'build/Release/i2c.node');
}
