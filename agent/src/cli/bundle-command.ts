import { parseArgs } from 'node:util';
import { KtvError } from '@ktv/protocol';
import { importBundle } from '../config/bundle-import.js';

export interface BundleCommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const BUNDLE_USAGE = 'usage: ktv-agent bundle import --from BUNDLE --config FILE [--defaults FILE]\n';

/**
 * `ktv-agent bundle import`: the first-boot step (ktv-agent.service's ExecStartPre) that turns the
 * provisioning bundle on the boot partition into the agent's config. Prints one JSON line.
 * Exit 0 imported or nothing to do, 2 bad arguments or an invalid bundle, 1 anything else.
 */
export async function bundleCommand(argv: readonly string[], io: BundleCommandIo): Promise<number> {
  let values: { from?: string; config?: string; defaults?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      options: { from: { type: 'string' }, config: { type: 'string' }, defaults: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    }));
  } catch (e) {
    io.stderr(`ktv-agent: ${(e as Error).message}\n${BUNDLE_USAGE}`);
    return 2;
  }
  if (positionals.length !== 1 || positionals[0] !== 'import' || !values.from || !values.config) {
    io.stderr(BUNDLE_USAGE);
    return 2;
  }
  try {
    const result = await importBundle({
      from: values.from,
      config: values.config,
      ...(values.defaults ? { defaults: values.defaults } : {}),
    });
    io.stdout(
      `${JSON.stringify({ msg: result.imported ? 'bundle imported' : 'no bundle, config kept', ...result })}\n`,
    );
    return 0;
  } catch (e) {
    if (e instanceof KtvError) {
      io.stderr(`ktv-agent: ${e.message}\n`);
      for (const line of e.details) io.stderr(`  ${line}\n`);
      return 2;
    }
    io.stderr(`ktv-agent: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}
