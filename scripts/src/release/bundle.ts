import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type BuildOptions, build, type Plugin } from 'esbuild';
import { type Program, REPO_ROOT, WORK_DIR } from './targets.js';

/** Where the bundle of a program is written (one file, CommonJS: what a SEA runs). */
export const bundlePath = (program: Program): string => join(WORK_DIR, `ktv-${program}.cjs`);

/**
 * The i2c-bus package finds its addon with `bindings`, which searches node_modules: in an
 * executable the addon is a file beside the executable (`i2c-bus-linux-<arch>.node`, or the path
 * in KTV_I2C_ADDON). Loading it fails like a missing build, so the amp falls back (create-amp-port).
 */
const I2C_ADDON_LOADER = `(() => {
  const path = require('node:path');
  const file = process.env.KTV_I2C_ADDON || path.join(path.dirname(process.execPath), 'i2c-bus-linux-' + process.arch + '.node');
  const addon = { exports: {} };
  process.dlopen(addon, file);
  return addon.exports;
})()`;

const i2cAddonBesideExecutable: Plugin = {
  name: 'i2c-addon-beside-executable',
  setup(b) {
    b.onLoad({ filter: /[\\/]i2c-bus[\\/]i2c-bus\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const call = "require('bindings')('i2c.node')";
      if (!source.includes(call)) throw new Error(`${args.path}: the addon loading line changed; update bundle.ts`);
      return { contents: source.replace(call, I2C_ADDON_LOADER), loader: 'js' };
    });
  },
};

/** The program's CLI as the executable's entry point: same `main` as bin/ktv-<program>.js. */
const entry = (program: Program): string => `
import { main } from ${JSON.stringify(join(REPO_ROOT, program, 'dist/main.js'))};
main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e) => { console.error(e); process.exitCode = 1; },
);
`;

/** Bundles the compiled program (run `tsc -b` first) into one CommonJS file. */
export function bundleProgram(program: Program): Promise<string> {
  return bundle(
    {
      stdin: { contents: entry(program), resolveDir: REPO_ROOT, sourcefile: `ktv-${program}-entry.mjs`, loader: 'js' },
    },
    bundlePath(program),
  );
}

/** Bundles a worker thread module (a compiled path like agent/dist/x/y-worker.js) on its own. */
export function bundleWorker(key: string): Promise<string> {
  return bundle({ entryPoints: [join(REPO_ROOT, key)] }, join(WORK_DIR, 'workers', key.replaceAll('/', '__')));
}

async function bundle(input: Pick<BuildOptions, 'stdin' | 'entryPoints'>, outfile: string): Promise<string> {
  const result = await build({
    ...input,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    outfile,
    minify: true,
    keepNames: true,
    legalComments: 'none',
    // import.meta.url of ESM code, in CommonJS: the bundle's own file (the executable in a SEA).
    banner: { js: 'const __ktvImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    define: { 'import.meta.url': '__ktvImportMetaUrl' },
    plugins: [i2cAddonBesideExecutable],
    logLevel: 'silent',
    metafile: false,
  });
  const serious = result.warnings.filter(
    (w) => !/require call is not allowed|Indirect calls to "require"/.test(w.text),
  );
  for (const w of serious) process.stderr.write(`esbuild warning: ${w.text} (${w.location?.file ?? '?'})\n`);
  return outfile;
}
