import { parseArgs } from 'node:util';
import { say, toolLang } from './cli-io.js';
import { BundleInvalid, provisionImage, ReadBackFailed } from './provision.js';

const USAGE = 'usage: scripts/provision IMAGE --bundle FILE [--lang en]\n';

/** `scripts/provision`: exit 0 done, 2 bad arguments or bundle, 4 read-back differs, 1 anything else. */
export async function provisionCli(argv: string[]): Promise<number> {
  const lang = toolLang(argv);
  let values: { bundle?: string; lang?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: { bundle: { type: 'string' }, lang: { type: 'string' } },
      allowPositionals: true,
    }));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const [image, ...extra] = positionals;
  if (!image || !values.bundle || extra.length > 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  try {
    const r = await provisionImage(image, values.bundle);
    process.stdout.write(
      `${say(lang, 'provision.done', { device: r.deviceId, image, partition: r.partition, name: r.name })}\n`,
    );
    return 0;
  } catch (e) {
    if (e instanceof BundleInvalid) {
      process.stderr.write(`${say(lang, 'provision.invalid', { file: e.file, errors: e.errors.join('; ') })}\n`);
      return 2;
    }
    if (e instanceof ReadBackFailed) {
      process.stderr.write(`${say(lang, 'provision.readBackFailed')}\n`);
      return 4;
    }
    process.stderr.write(`scripts/provision: ${(e as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await provisionCli(process.argv.slice(2));
