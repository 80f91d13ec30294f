import type { PlayerConfig, RoomBundle } from './types.js';

/** Parts of the config a bundle does not carry; all optional (schema defaults apply). */
export interface ConfigOverrides {
  dataDir?: string;
  web?: { host?: string; port?: number };
  sensors?: { driver?: 'sim' | 'gpiod'; debounceMs?: number; pirHoldMs?: number };
  lang?: 'zh-CN' | 'en';
  keepaliveS?: number;
  player?: Partial<PlayerConfig>;
  catalog?: { file?: string; source?: 'file' | 'gateway'; gatewayHttpUrl?: string };
  mediaCache?: { dir?: string; maxBytes?: number; prefetch?: number };
  /** The board's devices (a Pi 4 box: the TV over HDMI-CEC); checked by the schema like the rest. */
  tv?: Record<string, unknown>;
  amp?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  lights?: Record<string, unknown>;
}

/** A file that says it is a room's provisioning bundle (`kind: "room"`); check it with validateRoomBundle. */
export function isRoomBundle(value: unknown): value is RoomBundle {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'room';
}

/**
 * A raw agent config (to be validated with validateConfig) from a room's provisioning bundle.
 * The MQTT username is the device id; the agent uses it as its client id too.
 */
export function configFromBundle(bundle: RoomBundle, overrides: ConfigOverrides = {}): Record<string, unknown> {
  const gateway: Record<string, unknown> = {
    mqttUrl: bundle.mqttUrl,
    username: bundle.username,
    password: bundle.password,
  };
  if (overrides.keepaliveS !== undefined) gateway.keepaliveS = overrides.keepaliveS;
  const config: Record<string, unknown> = {
    version: 1,
    storeId: bundle.storeId,
    roomId: bundle.roomId,
    roomName: bundle.roomName,
    gateway,
  };
  if (overrides.dataDir !== undefined) config.dataDir = overrides.dataDir;
  if (overrides.web !== undefined) config.web = { ...overrides.web };
  if (overrides.sensors !== undefined) config.sensors = { ...overrides.sensors };
  if (overrides.lang !== undefined) config.lang = overrides.lang;
  if (overrides.player !== undefined) config.player = { ...overrides.player };
  // The gateway's HTTP base from the bundle (catalog and media downloads); a local setting wins.
  const catalog = {
    ...(bundle.httpUrl !== undefined ? { gatewayHttpUrl: bundle.httpUrl } : {}),
    ...overrides.catalog,
  };
  if (Object.keys(catalog).length > 0) config.catalog = catalog;
  if (overrides.mediaCache !== undefined) config.mediaCache = { ...overrides.mediaCache };
  for (const key of ['tv', 'amp', 'outputs', 'lights'] as const) {
    const part = overrides[key];
    if (part !== undefined) config[key] = structuredClone(part);
  }
  return config;
}
