import { join, resolve } from 'node:path';
import {
  type DoctorCheck,
  type DoctorReport,
  type DoctorResult,
  fault,
  KtvError,
  type Lang,
  ok,
  runDoctor,
  SOFTWARE_VERSION,
  skip,
} from '@ktv/protocol';
import { loadConfig } from '../config/load.js';
import type { GatewayConfig } from '../config/schema.js';
import { JOURNAL_DIR } from '../gateway.js';
import { SETTINGS_FILE } from '../settings/settings-store.js';
import { dataDirCheck, MB } from './checks/data-dir.js';
import { journalCheck } from './checks/journal.js';
import { libraryCheck } from './checks/library.js';
import { ntpCheck, runTimedatectl, type TimedatectlResult } from './checks/ntp.js';
import { portCheck } from './checks/ports.js';
import { adminCheck, readSettings, type SettingsRead, settingsCheck } from './checks/settings.js';

export interface GatewayDoctorDeps {
  /** Less free space than this on the data folder's disk is D204. */
  minFreeBytes: number;
  timedatectl: (signal: AbortSignal) => Promise<TimedatectlResult>;
  /** What happens between seeing a torn journal end and reading it again (default: 300 ms). */
  journalRescanWait?: (signal: AbortSignal) => Promise<void>;
}

export const DEFAULT_GATEWAY_MIN_FREE_BYTES = 512 * MB;

export const realGatewayDoctorDeps: GatewayDoctorDeps = {
  minFreeBytes: DEFAULT_GATEWAY_MIN_FREE_BYTES,
  timedatectl: runTimedatectl,
};

export interface GatewayDoctorOptions {
  dataDir: string;
  /** No file: every default (as `ktv-gateway run` without --config). */
  configFile?: string;
  lang: Lang;
  deps?: Partial<GatewayDoctorDeps>;
  onResult?: (result: DoctorResult) => void;
}

function withConfig(
  get: () => Readonly<GatewayConfig> | undefined,
  shape: Pick<DoctorCheck, 'name' | 'title' | 'timeoutMs' | 'failCode'>,
  build: (config: Readonly<GatewayConfig>) => DoctorCheck,
): DoctorCheck {
  return {
    ...shape,
    async run(signal) {
      const config = get();
      return config ? build(config).run(signal) : skip('doctor.skip.noConfig');
    },
  };
}

/** Runs every gateway check in order; nothing in the data folder is changed. */
export async function runGatewayDoctor(o: GatewayDoctorOptions): Promise<DoctorReport> {
  const d: GatewayDoctorDeps = { ...realGatewayDoctorDeps, ...o.deps };
  const dataDir = resolve(o.dataDir);
  const settingsFile = join(dataDir, SETTINGS_FILE);
  let config: Readonly<GatewayConfig> | undefined;
  const get = () => config;
  let settings: Promise<SettingsRead> | undefined;
  const read = () => {
    settings ??= readSettings(settingsFile);
    return settings;
  };
  const shownFile = o.configFile ?? '(defaults)';

  const checks: DoctorCheck[] = [
    {
      name: 'config',
      title: 'doctor.check.config',
      timeoutMs: 5000,
      failCode: 'D201',
      async run() {
        try {
          config = await loadConfig(o.configFile);
        } catch (e) {
          if (!(e instanceof KtvError)) throw e;
          return fault('D201', { file: shownFile }, [e.message, ...e.details].join('; '));
        }
        return ok('doctor.ok.gatewayConfig', { file: shownFile, store: config.storeId });
      },
    },
    dataDirCheck({ dir: dataDir, minFreeBytes: d.minFreeBytes, missingCode: 'D203', lowSpaceCode: 'D204' }),
    settingsCheck(settingsFile, read),
    adminCheck(dataDir, read),
    journalCheck(join(dataDir, JOURNAL_DIR), d.journalRescanWait),
    withConfig(get, { name: 'mqttPort', title: 'doctor.check.mqttPort', timeoutMs: 5000, failCode: 'D207' }, (c) =>
      portCheck({ name: 'mqttPort', host: c.mqtt.host, port: c.mqtt.port, httpPort: c.http.port, code: 'D207' }),
    ),
    withConfig(get, { name: 'httpPort', title: 'doctor.check.httpPort', timeoutMs: 5000, failCode: 'D208' }, (c) =>
      portCheck({ name: 'httpPort', host: c.http.host, port: c.http.port, httpPort: c.http.port, code: 'D208' }),
    ),
    libraryCheck(dataDir),
    ntpCheck(d.timedatectl),
  ];
  return runDoctor('ktv-gateway', SOFTWARE_VERSION, checks, o.lang, o.onResult);
}
