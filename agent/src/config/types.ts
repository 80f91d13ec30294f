import type { Lang } from '@ktv/protocol';
import type { AmpConfig } from '../hardware/amp/config.js';
import type { LightsConfig, OutputsConfig, SensorGpioConfig, TvConfig } from '../hardware/config.js';

export type SensorDriverName = 'sim' | 'gpiod';
export type PlayerDriverName = 'mpv' | 'sim';

export interface PlayerConfig {
  driver: PlayerDriverName;
  mpvPath: string;
  extraArgs: string[];
  defaultVocalMode: 'vocalsOn' | 'vocalsOff';
  /** 公播 level, percent of the songs' level. */
  backgroundVolume: number;
  positionSaveMs: number;
}

/**
 * A loaded, validated agent config with every default filled in. The shape is defined by
 * firmware-config/agent.schema.json; this type mirrors it (defaults live only in the schema).
 */
export interface AgentConfig {
  version: 1;
  storeId: string;
  roomId: string;
  roomName: string;
  dataDir: string;
  gateway: { mqttUrl: string; username: string; password: string; keepaliveS: number };
  web: { host: string; port: number };
  sensors: { driver: SensorDriverName; debounceMs: number; pirHoldMs: number; gpio: SensorGpioConfig };
  lang: Lang;
  player: PlayerConfig;
  /** `file` empty: no catalog (source "file"). Source "gateway": the replica of the store's catalog. */
  catalog: { file: string; source: 'file' | 'gateway'; gatewayHttpUrl: string };
  /** Media fetched from the gateway (catalog.source "gateway"); `dir` empty: DATA/media-cache. */
  mediaCache: { dir: string; maxBytes: number; prefetch: number };
  amp: AmpConfig;
  /** Relays: TV and amp power, light circuits (sim by default). */
  outputs: OutputsConfig;
  lights: LightsConfig;
  tv: TvConfig;
}

/** A provisioning bundle for a room, as written by `ktv-gateway device add --room` (schema in protocol). */
export type { RoomBundle } from '@ktv/protocol';
