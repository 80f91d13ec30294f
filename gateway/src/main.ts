import { parseArgs } from 'node:util';
import { KtvError, SOFTWARE_VERSION } from '@ktv/protocol';
import { createServiceNotifier } from '@ktv/protocol/service';
import { billQuote } from './cli/bill-commands.js';
import { cloudCommand } from './cli/cloud-commands.js';
import { deviceAdd, deviceList, deviceRevoke } from './cli/device-commands.js';
import { libraryCommand } from './cli/library-commands.js';
import { libraryGenerate } from './cli/library-generate.js';
import { reportCommand } from './cli/report-energy.js';
import { USAGE, UsageError } from './cli/usage.js';
import { loadConfig } from './config/load.js';
import { doctorCommand } from './doctor/cli.js';
import { createGateway } from './gateway.js';
import { createLogger } from './logger.js';
import { ProvisionError } from './settings/provision.js';

const OPTIONS = {
  data: { type: 'string' },
  config: { type: 'string' },
  room: { type: 'string' },
  monitor: { type: 'string' },
  name: { type: 'string' },
  'mqtt-url': { type: 'string' },
  'http-url': { type: 'string' },
  out: { type: 'string' },
  songs: { type: 'string' },
  seed: { type: 'string' },
  rotate: { type: 'boolean', default: false },
  'wifi-ssid': { type: 'string' },
  'wifi-passphrase': { type: 'string' },
  plan: { type: 'string' },
  session: { type: 'string' },
  pattern: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const;

const stdout = (line: string) => process.stdout.write(`${line}\n`);
const stderr = (line: string) => process.stderr.write(`${line}\n`);

/** The `ktv-gateway` command. Resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'doctor') {
    return doctorCommand(argv.slice(1), {
      stdout: (t) => process.stdout.write(t),
      stderr: (t) => process.stderr.write(t),
    });
  }
  // `report energy` (issue #9) parses its own options (gateway/src/cli/report-energy.ts).
  if (argv[0] === 'report') return reportCommand(argv.slice(1), { stdout, stderr });
  try {
    return await dispatch(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      stderr(`ktv-gateway: ${e.message}`);
      stderr(USAGE);
      return 2;
    }
    if (e instanceof KtvError) {
      stderr(`ktv-gateway: ${e.message}`);
      for (const line of e.details) stderr(`  ${line}`);
      return 2;
    }
    if (e instanceof ProvisionError) {
      stderr(`ktv-gateway: ${e.message}`);
      return 1;
    }
    stderr(`ktv-gateway: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 1;
  }
}

function parse(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function requireData(data: string | undefined): string {
  if (!data) throw new UsageError('--data DIR is required');
  return data;
}

async function dispatch(argv: readonly string[]): Promise<number> {
  // `cloud ...` (issue #8) parses its own options (gateway/src/cli/cloud-commands.ts).
  if (argv[0] === 'cloud') return cloudCommand(argv.slice(1), { stdout, stderr, untilSignal });
  const { values, positionals } = parse(argv);
  if (values.help) {
    stdout(USAGE);
    return 0;
  }
  if (values.version) {
    stdout(SOFTWARE_VERSION);
    return 0;
  }
  const [command = 'run', sub, ...rest] = positionals;
  if (command === 'run') {
    if (sub !== undefined) throw new UsageError(`unexpected argument "${sub}"`);
    return run(requireData(values.data), values.config);
  }
  if (command === 'device') {
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
    const dataDir = requireData(values.data);
    if (sub === 'add') {
      const config = values.config ? await loadConfig(values.config) : undefined;
      await deviceAdd(
        {
          dataDir,
          config,
          room: values.room,
          monitor: values.monitor,
          name: values.name,
          mqttUrl: values['mqtt-url'],
          httpUrl: values['http-url'],
          out: values.out,
          rotate: values.rotate,
          wifiSsid: values['wifi-ssid'],
          wifiPassphrase: values['wifi-passphrase'],
        },
        stdout,
      );
      return 0;
    }
    if (sub === 'list') {
      await deviceList(dataDir, stdout);
      return 0;
    }
    if (sub === 'revoke') return deviceRevoke({ dataDir, room: values.room, monitor: values.monitor }, stdout);
    throw new UsageError(`unknown device command "${sub ?? ''}" (add, list or revoke)`);
  }
  if (command === 'bill') {
    if (sub !== 'quote') throw new UsageError(`unknown bill command "${sub ?? ''}" (quote)`);
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
    return billQuote({ plan: values.plan, session: values.session }, stdout, stderr);
  }
  if (command === 'library' && sub === 'generate') {
    return libraryGenerate({ songs: values.songs, out: values.out, seed: values.seed, args: rest }, stdout);
  }
  if (command === 'library' && sub !== 'generate') {
    const io = {
      stdout,
      stderrRaw: (t: string) => process.stderr.write(t),
      stderrIsTty: process.stderr.isTTY === true,
    };
    // --pattern, else the config file's library.pattern.
    const pattern =
      values.pattern ?? ((values.config ? await loadConfig(values.config) : undefined)?.library.pattern || undefined);
    const args = { sub, args: rest, dataDir: values.data, pattern, json: values.json };
    return libraryCommand(args, io);
  }
  throw new UsageError(`unknown command "${command}"`);
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

async function run(dataDir: string, configFile: string | undefined): Promise<number> {
  const config = await loadConfig(configFile);
  const logger = createLogger();
  const gateway = createGateway({ dataDir, config, logger });
  try {
    await gateway.start();
  } catch (e) {
    logger.error({ err: e }, 'gateway failed to start');
    await gateway.stop().catch(() => undefined);
    return 1;
  }
  // Under systemd (Type=notify): READY=1 once started, the watchdog fed while the loop is healthy.
  const notifier = createServiceNotifier({
    onProblem: (p) => logger.warn({ watchdog: p }, 'systemd watchdog not fed'),
  });
  await notifier.ready();
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  logger.info({ signal }, 'gateway stopping');
  await notifier.stopping();
  try {
    await gateway.stop();
    return 0;
  } catch (e) {
    logger.error({ err: e }, 'gateway stop failed');
    return 1;
  }
}
