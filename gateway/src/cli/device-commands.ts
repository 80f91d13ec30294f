import { chmod, writeFile } from 'node:fs/promises';
import type { GatewayConfig } from '../config/schema.js';
import { type ProvisionRequest, provisionDevice } from '../settings/provision.js';
import { SettingsStore } from '../settings/settings-store.js';
import { UsageError } from './usage.js';

export interface DeviceAddArgs {
  dataDir: string;
  config: Readonly<GatewayConfig> | undefined;
  room?: string;
  monitor?: string;
  name?: string;
  mqttUrl?: string;
  out?: string;
  rotate: boolean;
}

export async function deviceAdd(args: DeviceAddArgs, stdout: (line: string) => void): Promise<void> {
  if ((args.room === undefined) === (args.monitor === undefined)) {
    throw new UsageError('device add needs exactly one of --room ROOM or --monitor NAME');
  }
  const settings = await SettingsStore.open(args.dataDir);
  const storeId = args.config?.storeId ?? settings.data.storeId ?? 'demo';
  const port = args.config && args.config.mqtt.port !== 0 ? args.config.mqtt.port : 1883;
  const mqttUrl = args.mqttUrl ?? `mqtt://localhost:${port}`;
  const request: ProvisionRequest =
    args.room !== undefined
      ? { kind: 'room', room: args.room, roomName: args.name, storeId, mqttUrl, rotate: args.rotate }
      : { kind: 'monitor', name: args.monitor ?? '', storeId, mqttUrl, rotate: args.rotate };
  const bundle = await provisionDevice(settings, request);
  const text = `${JSON.stringify(bundle, null, 2)}\n`;
  if (args.out) {
    await writeFile(args.out, text, { mode: 0o600 });
    await chmod(args.out, 0o600);
    stdout(JSON.stringify({ deviceId: bundle.deviceId, out: args.out }));
  } else {
    stdout(text.trimEnd());
  }
}

export async function deviceList(dataDir: string, stdout: (line: string) => void): Promise<void> {
  const settings = await SettingsStore.open(dataDir);
  const devices = settings.devices().map(({ passwordHash: _hash, ...rest }) => rest);
  stdout(JSON.stringify({ devices }, null, 2));
}
