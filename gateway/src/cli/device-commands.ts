import { chmod, writeFile } from 'node:fs/promises';
import type { GatewayConfig } from '../config/schema.js';
import { BundleAddressError, type BundleAddresses, bundleAddresses } from '../settings/bundle-addresses.js';
import {
  deviceIdFor,
  ProvisionError,
  type ProvisionRequest,
  provisionDevice,
  revokeDevice,
} from '../settings/provision.js';
import { SettingsStore } from '../settings/settings-store.js';
import { UsageError } from './usage.js';

export interface DeviceAddArgs {
  dataDir: string;
  config: Readonly<GatewayConfig> | undefined;
  room?: string;
  monitor?: string;
  name?: string;
  mqttUrl?: string;
  /** The gateway's HTTP base for the room (catalog, media); default: mqttUrl's host on the HTTP port. */
  httpUrl?: string;
  /** The bundle file (mode 0600); default `room-ROOM.json` / `monitor-NAME.json` here; `-` prints it. */
  out?: string;
  rotate: boolean;
  wifiSsid?: string;
  wifiPassphrase?: string;
}

export async function deviceAdd(args: DeviceAddArgs, stdout: (line: string) => void): Promise<void> {
  if ((args.room === undefined) === (args.monitor === undefined)) {
    throw new UsageError('device add needs exactly one of --room ROOM or --monitor NAME');
  }
  const settings = await SettingsStore.open(args.dataDir);
  const storeId = args.config?.storeId ?? settings.data.storeId ?? 'demo';
  const port = args.config && args.config.mqtt.port !== 0 ? args.config.mqtt.port : 1883;
  const httpPort = args.config && args.config.http.port !== 0 ? args.config.http.port : 8080;
  let addresses: BundleAddresses;
  try {
    addresses = bundleAddresses({
      mqttUrl: args.mqttUrl,
      httpUrl: args.httpUrl,
      host: 'localhost',
      mqttPort: port,
      httpPort,
    });
  } catch (e) {
    if (e instanceof BundleAddressError) throw new UsageError(e.message);
    throw e;
  }
  const { mqttUrl, httpUrl } = addresses;
  if (args.httpUrl !== undefined && args.monitor !== undefined) throw new UsageError('--http-url is for room boxes');
  if ((args.wifiSsid === undefined) !== (args.wifiPassphrase === undefined)) {
    throw new UsageError('--wifi-ssid and --wifi-passphrase go together');
  }
  if (args.wifiSsid !== undefined && args.monitor !== undefined) throw new UsageError('Wi-Fi is for room boxes');
  const wifi =
    args.wifiSsid !== undefined && args.wifiPassphrase !== undefined
      ? { ssid: args.wifiSsid, passphrase: args.wifiPassphrase }
      : undefined;
  if (wifi && !validWifi(wifi)) {
    throw new UsageError('Wi-Fi: the SSID is 1-32 characters, the passphrase 8-63 printable ASCII characters');
  }
  const request: ProvisionRequest =
    args.room !== undefined
      ? {
          kind: 'room',
          room: args.room,
          roomName: args.name,
          storeId,
          mqttUrl,
          httpUrl,
          rotate: args.rotate,
          ...(wifi ? { wifi } : {}),
        }
      : { kind: 'monitor', name: args.monitor ?? '', storeId, mqttUrl, rotate: args.rotate };
  const out = args.out ?? `${deviceIdFor(request)}.json`;
  const bundle = await provisionDevice(settings, request);
  const text = `${JSON.stringify(bundle, null, 2)}\n`;
  if (out === '-') {
    stdout(text.trimEnd());
    return;
  }
  await writeFile(out, text, { mode: 0o600 });
  await chmod(out, 0o600);
  stdout(JSON.stringify({ deviceId: bundle.deviceId, out }));
}

function validWifi(wifi: { ssid: string; passphrase: string }): boolean {
  const ssidBytes = Buffer.byteLength(wifi.ssid, 'utf8');
  return ssidBytes >= 1 && ssidBytes <= 32 && /^[\x20-\x7e]{8,63}$/.test(wifi.passphrase);
}

export interface DeviceRevokeArgs {
  dataDir: string;
  room?: string;
  monitor?: string;
}

/**
 * `device revoke --room ROOM | --monitor NAME`: the running gateway (which watches its settings)
 * refuses the device at once and closes its live connections. Exit 1 for an unknown device.
 */
export async function deviceRevoke(args: DeviceRevokeArgs, stdout: (line: string) => void): Promise<number> {
  if ((args.room === undefined) === (args.monitor === undefined)) {
    throw new UsageError('device revoke needs exactly one of --room ROOM or --monitor NAME');
  }
  const settings = await SettingsStore.open(args.dataDir);
  const deviceId = args.room !== undefined ? `room-${args.room}` : `monitor-${args.monitor ?? ''}`;
  const result = await revokeDevice(settings, deviceId);
  if (!result.revoked) throw new ProvisionError(`no device ${deviceId}`);
  stdout(JSON.stringify({ deviceId, revoked: true }));
  return 0;
}

export async function deviceList(dataDir: string, stdout: (line: string) => void): Promise<void> {
  const settings = await SettingsStore.open(dataDir);
  const devices = settings.devices().map(({ passwordHash: _hash, ...rest }) => rest);
  stdout(JSON.stringify({ devices }, null, 2));
}
