import { fileURLToPath } from 'node:url';

/** The repository's root folder (scripts/dist/release -> ../../..). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Where `npm run release` writes the executables. */
export const RELEASE_DIR = `${REPO_ROOT}dist/release`;
/** Intermediate files (bundles, blobs, Node runtimes, addon builds). */
export const WORK_DIR = `${RELEASE_DIR}/.work`;

export type Arch = 'x64' | 'arm64';
export type Program = 'agent' | 'gateway';

export const ARCHES: readonly Arch[] = ['x64', 'arm64'];
export const PROGRAMS: readonly Program[] = ['agent', 'gateway'];

/**
 * The Node.js runtime inside every executable: Node 22 LTS from the npm registry's
 * `node-linux-<arch>` packages (binary + headers), pinned by version and integrity.
 */
export const NODE_VERSION = '22.23.3';
export const NODE_INTEGRITY: Record<Arch, string> = {
  x64: 'sha512-qHnz5tFsHoj/WM+uRENVjWONi5hVvmwrgq8A4V76KpuVNAc4+jwK8x4gwbobE9BtHNg/AKR2583eYorLF/c7ng==',
  arm64: 'sha512-l3DAHZreylo+p9QXDtsOrjG2JXJqVzYXnAGmIQNOUNARcMppTO2cmewVQP+36tjJnSE+dzpMNtgW+c3oiDvXtA==',
};

export const executableName = (program: Program, arch: Arch): string => `ktv-${program}-linux-${arch}`;
export const executablePath = (program: Program, arch: Arch): string =>
  `${RELEASE_DIR}/${executableName(program, arch)}`;
/** The i2c-bus addon shipped beside the agent executable (found there at run time). */
export const addonName = (arch: Arch): string => `i2c-bus-linux-${arch}.node`;
export const addonPath = (arch: Arch): string => `${RELEASE_DIR}/${addonName(arch)}`;
