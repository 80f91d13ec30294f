import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildRelease } from './build.js';
import { ARCHES, type Arch, RELEASE_DIR, REPO_ROOT } from './targets.js';

const USAGE = `npm run release [-- OPTIONS]
  --arch x64|arm64   only this target (repeatable; default both)
  --force            rebuild even when the inputs did not change
  --no-image         do not build the SD image (images/build) afterwards
`;

function parseOptions() {
  return parseArgs({
    options: {
      arch: { type: 'string', multiple: true },
      force: { type: 'boolean', default: false },
      'no-image': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  }).values;
}

/** `npm run release`: executables + addon in dist/release/, then the SD image (images/build). */
async function main(): Promise<number> {
  let values: ReturnType<typeof parseOptions>;
  try {
    values = parseOptions();
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const arches = (values.arch ?? [...ARCHES]) as Arch[];
  const wrong = arches.filter((a) => !ARCHES.includes(a));
  if (wrong.length > 0) {
    process.stderr.write(`unknown --arch ${wrong.join(', ')}\n${USAGE}`);
    return 2;
  }
  const started = Date.now();
  const built = await buildRelease({ arches, force: values.force, log: (l) => process.stdout.write(`==> ${l}\n`) });
  for (const f of built) {
    const mb = (f.bytes / 1e6).toFixed(1);
    process.stdout.write(`${f.reused ? 'unchanged' : 'built    '} ${mb.padStart(6)} MB  dist/release/${f.name}\n`);
  }
  process.stdout.write(`release done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${RELEASE_DIR}\n`);

  const imageBuild = join(REPO_ROOT, 'images/build');
  if (!values['no-image'] && arches.includes('arm64')) {
    if (existsSync(imageBuild)) {
      process.stdout.write('==> building the SD image (images/build)\n');
      const code = await new Promise<number>((resolve, reject) => {
        const child = spawn(imageBuild, [], { cwd: REPO_ROOT, stdio: 'inherit' });
        child.on('error', reject);
        child.on('close', (c) => resolve(c ?? 1));
      });
      if (code !== 0) {
        process.stderr.write(`images/build failed (exit ${code}); the executables in dist/release are fine\n`);
        return 1;
      }
    } else {
      process.stdout.write('no images/build yet: SD image not built\n');
    }
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`release failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
