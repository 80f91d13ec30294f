import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './run.js';
import { type Arch, NODE_INTEGRITY, NODE_VERSION, WORK_DIR } from './targets.js';

export interface NodeRuntime {
  arch: Arch;
  /** bin/node of the package (with debug info: the build strips a copy). */
  binary: string;
  /** A folder usable as node-gyp's --nodedir (include/node/ with the headers and common.gypi). */
  nodedir: string;
}

/**
 * Node for one target, from the npm registry package `node-linux-<arch>` (fetched with `npm pack`
 * because npm refuses to install a package for another CPU, and installing it would put a second
 * `node` on every npm script's PATH). The tarball's integrity is checked against the pinned one.
 */
export async function nodeRuntime(arch: Arch): Promise<NodeRuntime> {
  const dir = join(WORK_DIR, `node-v${NODE_VERSION}-linux-${arch}`);
  const runtime: NodeRuntime = { arch, binary: join(dir, 'bin/node'), nodedir: dir };
  if (existsSync(join(dir, '.complete'))) return runtime;

  const packs = join(WORK_DIR, 'npm-pack');
  mkdirSync(packs, { recursive: true });
  const name = `node-linux-${arch}`;
  const tarball = join(packs, `${name}-${NODE_VERSION}.tgz`);
  if (!existsSync(tarball)) {
    await run('npm', ['pack', `${name}@${NODE_VERSION}`, '--pack-destination', packs, '--silent'], { cwd: packs });
  }
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  if (integrity !== NODE_INTEGRITY[arch]) {
    rmSync(tarball, { force: true });
    throw new Error(`${tarball}: integrity ${integrity} is not the pinned ${NODE_INTEGRITY[arch]}`);
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await run('tar', ['xzf', tarball, '-C', dir, '--strip-components=1', 'package/bin/node', 'package/include']);
  writeFileSync(join(dir, '.complete'), `${NODE_VERSION}\n`);
  return runtime;
}
