import { parseArgs } from 'node:util';
import { KtvError, SOFTWARE_VERSION } from '@ktv/protocol';
import { createServiceNotifier } from '@ktv/protocol/service';
import { pino } from 'pino';
import { createAgent } from './agent.js';
import { bundleCommand } from './cli/bundle-command.js';
import { lyricsConvert } from './cli/lyrics-convert.js';
import { USAGE } from './cli/usage.js';
import { importBundle } from './config/bundle-import.js';
import { loadConfigFile } from './config/load.js';
import { doctorCommand } from './doctor/cli.js';

const EXIT_OK = 0;
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

function usageError(message: string): number {
  process.stderr.write(`ktv-agent: ${message}\n\n${USAGE}`);
  return EXIT_USAGE;
}

function printConfigError(e: KtvError): number {
  process.stderr.write(`ktv-agent: ${e.message}\n`);
  for (const line of e.details) process.stderr.write(`  ${line}\n`);
  return EXIT_USAGE;
}

async function checkConfig(file: string): Promise<number> {
  try {
    const config = await loadConfigFile(file);
    process.stdout.write(`${file}: OK (store ${config.storeId}, room ${config.roomId})\n`);
    return EXIT_OK;
  } catch (e) {
    if (e instanceof KtvError) return printConfigError(e);
    throw e;
  }
}

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

async function run(configFile: string, dataDir: string | undefined, bundleFrom?: string): Promise<number> {
  let config: Awaited<ReturnType<typeof loadConfigFile>>;
  try {
    if (bundleFrom !== undefined) await importBundle({ from: bundleFrom, config: configFile });
    config = await loadConfigFile(configFile);
  } catch (e) {
    if (e instanceof KtvError) return printConfigError(e);
    throw e;
  }
  const logger = pino({ base: { name: 'ktv-agent' } });
  const agent = createAgent({ config, logger, ...(dataDir !== undefined ? { dataDir } : {}) });
  const signal = waitForSignal();
  // Under systemd (Type=notify): READY=1 once started, the watchdog fed while the loop is healthy.
  const notifier = createServiceNotifier({
    onProblem: (p) => logger.warn({ watchdog: p }, 'systemd watchdog not fed'),
  });
  try {
    await agent.start();
  } catch (e) {
    logger.fatal({ err: e }, 'agent failed to start');
    await agent.stop().catch(() => undefined);
    return EXIT_FAILURE;
  }
  await notifier.ready(`room ${config.roomId}`);
  const got = await signal;
  logger.info({ signal: got }, 'stopping');
  await notifier.stopping();
  await agent.stop();
  return EXIT_OK;
}

/** The CLI. Returns the exit code (docs/interfaces.md). */
export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'bundle') {
    return bundleCommand(argv.slice(1), {
      stdout: (t) => process.stdout.write(t),
      stderr: (t) => process.stderr.write(t),
    });
  }
  if (argv[0] === 'doctor') {
    return doctorCommand(argv.slice(1), {
      stdout: (t) => process.stdout.write(t),
      stderr: (t) => process.stderr.write(t),
    });
  }
  let parsed: ReturnType<
    typeof parseArgs<{
      options: {
        config: { type: 'string' };
        data: { type: 'string' };
        'bundle-from': { type: 'string' };
        format: { type: 'string' };
        help: { type: 'boolean' };
        version: { type: 'boolean' };
      };
      allowPositionals: true;
    }>
  >;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        config: { type: 'string' },
        data: { type: 'string' },
        'bundle-from': { type: 'string' },
        format: { type: 'string' },
        help: { type: 'boolean' },
        version: { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    return usageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return EXIT_OK;
  }
  if (values.version) {
    process.stdout.write(`${SOFTWARE_VERSION}\n`);
    return EXIT_OK;
  }
  try {
    const [command = 'run', ...rest] = positionals;
    if (command !== 'lyrics' && values.format !== undefined) {
      return usageError('--format is an option of lyrics convert');
    }
    if (command === 'run') {
      if (rest.length > 0) return usageError(`unexpected argument "${rest[0]}"`);
      if (values.config === undefined) return usageError('run needs --config FILE');
      return await run(values.config, values.data, values['bundle-from']);
    }
    if (command === 'config') {
      const [sub, file, ...extra] = rest;
      if (sub !== 'check' || file === undefined || extra.length > 0) return usageError('usage: config check FILE');
      return await checkConfig(file);
    }
    if (command === 'lyrics') {
      const [sub, file, ...extra] = rest;
      if (sub !== 'convert' || file === undefined || extra.length > 0) {
        return usageError('usage: lyrics convert FILE [--format json|ass]');
      }
      const format = values.format ?? 'json';
      if (format !== 'json' && format !== 'ass') return usageError(`--format must be json or ass, not "${format}"`);
      return await lyricsConvert(file, format, {
        stdout: (t) => process.stdout.write(t),
        stderr: (t) => process.stderr.write(t),
      });
    }
    return usageError(`unknown command "${command}"`);
  } catch (e) {
    process.stderr.write(`ktv-agent: ${(e as Error).stack ?? String(e)}\n`);
    return EXIT_FAILURE;
  }
}
