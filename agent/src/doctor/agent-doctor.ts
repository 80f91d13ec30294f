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
import { gatewayHttpBase } from '../catalog/replica/gateway-http.js';
import { loadConfigFile } from '../config/load.js';
import type { AgentConfig } from '../config/types.js';
import type { AmpConfig } from '../hardware/amp/config.js';
import { createAmpPort } from '../hardware/amp/create-amp-port.js';
import type { AmpPort } from '../hardware/amp/port.js';
import { INPUT_LINES } from '../hardware/sensors/port.js';
import { systemClock } from '../time/clock.js';
import { ampCheck } from './checks/amp.js';
import { catalogCheck } from './checks/catalog.js';
import { clockCheck, type ReadGatewayTime, readGatewayTimeHttp } from './checks/clock.js';
import { dataDirCheck, MB } from './checks/data-dir.js';
import {
  type ConnectResult,
  connectOnce,
  type GatewayCredentials,
  gatewayCheck,
  localAgentConnected,
} from './checks/gateway.js';
import { gpioCheck, type LineLookup, SimLineLookup } from './checks/gpio.js';
import { GpiodLineLookup } from './checks/gpiod-lookup.js';
import { mediaCacheCheck } from './checks/media-cache.js';
import { mpvCheck } from './checks/mpv.js';

/** What the checks use; the defaults are the real thing, tests swap in twins or faults. */
export interface AgentDoctorDeps {
  now: () => number;
  /** Less free space than this on the data folder's disk is D103. */
  minFreeBytes: number;
  /** A clock further than this from the gateway's is D104. */
  clockToleranceMs: number;
  readGatewayTime: ReadGatewayTime;
  connect: (c: GatewayCredentials, signal: AbortSignal) => Promise<ConnectResult>;
  createAmp: (config: AmpConfig) => Promise<AmpPort>;
  /** The sensor lines the config asks for and the lookup that finds them; null: none to check. */
  sensorLines: (config: AgentConfig) => { names: string[]; lookup: LineLookup } | null;
  mpvTimeoutMs: number;
  /** Whether this box's own agent runs and holds the gateway connection. */
  agentConnected: (config: AgentConfig, signal: AbortSignal) => Promise<boolean>;
}

export const DEFAULT_MIN_FREE_BYTES = 256 * MB;
export const DEFAULT_CLOCK_TOLERANCE_MS = 5000;

const silentLogger = { info: () => undefined, warn: () => undefined };

export const realAgentDoctorDeps: AgentDoctorDeps = {
  now: () => systemClock.now(),
  minFreeBytes: DEFAULT_MIN_FREE_BYTES,
  clockToleranceMs: DEFAULT_CLOCK_TOLERANCE_MS,
  readGatewayTime: readGatewayTimeHttp,
  connect: (c, signal) => connectOnce(c, signal),
  createAmp: (config) => createAmpPort(config, { logger: silentLogger }),
  sensorLines: (config) => configuredSensorLines(config),
  mpvTimeoutMs: 10_000,
  agentConnected: (config, signal) => localAgentConnected(config.web.port, config.roomId, signal),
};

export interface AgentDoctorOptions {
  configFile: string;
  /** Overrides config.dataDir (as `ktv-agent run --data` does). */
  dataDir?: string;
  lang: Lang;
  deps?: Partial<AgentDoctorDeps>;
  /** Each result as soon as its check is done (the terminal shows progress). */
  onResult?: (result: DoctorResult) => void;
}

/** A check that needs the config: skipped when the config did not load. */
function withConfig(
  get: () => AgentConfig | undefined,
  shape: Pick<DoctorCheck, 'name' | 'title' | 'timeoutMs' | 'failCode'>,
  build: (config: AgentConfig) => DoctorCheck,
): DoctorCheck {
  return {
    ...shape,
    async run(signal) {
      const config = get();
      return config ? build(config).run(signal) : skip('doctor.skip.noConfig');
    },
  };
}

/**
 * The sensor lines to look for. The simulated driver has the fixed three and answers itself; the
 * gpiod driver's come from sensors.gpio (line names, chip label) and are looked up with the
 * libgpiod tools, as the driver itself finds them.
 */
export function configuredSensorLines(config: AgentConfig): { names: string[]; lookup: LineLookup } | null {
  if (config.sensors.driver === 'sim') return { names: [...INPUT_LINES], lookup: new SimLineLookup() };
  const gpio = config.sensors.gpio;
  return { names: INPUT_LINES.map((input) => gpio[input].line), lookup: new GpiodLineLookup(gpio.chip) };
}

/** Runs every agent check in order and returns the report (`ok` false on any fault). */
export async function runAgentDoctor(o: AgentDoctorOptions): Promise<DoctorReport> {
  const d: AgentDoctorDeps = { ...realAgentDoctorDeps, ...o.deps };
  let config: AgentConfig | undefined;
  const get = () => config;
  let announced: number | null = null;
  const dataDir = (c: AgentConfig) => resolve(o.dataDir ?? c.dataDir);

  const configCheck: DoctorCheck = {
    name: 'config',
    title: 'doctor.check.config',
    timeoutMs: 5000,
    failCode: 'D101',
    async run() {
      try {
        config = await loadConfigFile(o.configFile);
      } catch (e) {
        if (!(e instanceof KtvError)) throw e;
        return fault('D101', { file: o.configFile }, [e.message, ...e.details].join('; '));
      }
      return ok('doctor.ok.config', { file: o.configFile, store: config.storeId, room: config.roomId });
    },
  };

  const checks: DoctorCheck[] = [
    configCheck,
    withConfig(get, { name: 'dataDir', title: 'doctor.check.dataDir', timeoutMs: 5000, failCode: 'D102' }, (c) =>
      dataDirCheck({ dir: dataDir(c), minFreeBytes: d.minFreeBytes, missingCode: 'D102', lowSpaceCode: 'D103' }),
    ),
    withConfig(get, { name: 'gateway', title: 'doctor.check.gateway', timeoutMs: 8000, failCode: 'D109' }, (c) =>
      gatewayCheck(
        {
          mqttUrl: c.gateway.mqttUrl,
          username: c.gateway.username,
          password: c.gateway.password,
          roomId: c.roomId,
          storeId: c.storeId,
        },
        d.connect,
        (version) => {
          announced = version;
        },
        (signal) => d.agentConnected(c, signal),
      ),
    ),
    withConfig(get, { name: 'clock', title: 'doctor.check.clock', timeoutMs: 8000, failCode: 'D104' }, (c) =>
      clockCheck({
        gatewayHttpUrl: gatewayHttpBase(c.catalog.gatewayHttpUrl, c.gateway.mqttUrl),
        now: d.now,
        toleranceMs: d.clockToleranceMs,
        read: d.readGatewayTime,
      }),
    ),
    withConfig(get, { name: 'mpv', title: 'doctor.check.mpv', timeoutMs: d.mpvTimeoutMs, failCode: 'D105' }, (c) =>
      mpvCheck(c.player, d.mpvTimeoutMs),
    ),
    withConfig(get, { name: 'gpio', title: 'doctor.check.gpio', timeoutMs: 8000, failCode: 'D107' }, (c) =>
      gpioCheck({ ...(d.sensorLines(c) ?? { names: [], lookup: null }), driver: c.sensors.driver }),
    ),
    withConfig(get, { name: 'amp', title: 'doctor.check.amp', timeoutMs: 5000, failCode: 'D108' }, (c) =>
      ampCheck(c.amp, d.createAmp),
    ),
    withConfig(get, { name: 'catalog', title: 'doctor.check.catalog', timeoutMs: 15_000, failCode: 'D112' }, (c) =>
      catalogCheck({
        source: c.catalog.source,
        file: c.catalog.file,
        replicaDir: join(dataDir(c), 'catalog'),
        announced: () => announced,
      }),
    ),
    withConfig(
      get,
      { name: 'mediaCache', title: 'doctor.check.mediaCache', timeoutMs: 15_000, failCode: 'D114' },
      (c) =>
        mediaCacheCheck({
          source: c.catalog.source,
          dir: resolve(c.mediaCache.dir === '' ? join(dataDir(c), 'media-cache') : c.mediaCache.dir),
          maxBytes: c.mediaCache.maxBytes,
        }),
    ),
  ];
  return runDoctor('ktv-agent', SOFTWARE_VERSION, checks, o.lang, o.onResult);
}
