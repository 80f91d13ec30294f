import { pbkdf2Sync } from 'node:crypto';
import { chown, mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ErrorCodes, KtvError, type RoomBundle, validateRoomBundle } from '@ktv/protocol';
import { writeFileDurably } from '../catalog/replica/durable-write.js';
import { type ConfigOverrides, configFromBundle } from './bundle.js';
import { validateConfig } from './validate.js';

export interface BundleImportRequest {
  /** The bundle as the technician left it, e.g. /boot/firmware/ktv-bundle.json. */
  from: string;
  /** The agent config to write, e.g. /var/lib/ktv/agent.json (its folder is the data folder). */
  config: string;
  /** The board's settings a bundle does not carry (ConfigOverrides as JSON), e.g. /etc/ktv/agent-defaults.json. */
  defaults?: string;
}

export type BundleImportResult =
  | { imported: true; deviceId: string; config: string; wifi: string | undefined }
  | { imported: false; config: string };

/** The file wpa_supplicant reads (ktv-wifi.service), beside the config. */
export function wifiConfigPath(configFile: string): string {
  return join(dirname(configFile), 'wifi', 'wpa_supplicant-wlan0.conf');
}

/**
 * wpa_supplicant's network block for a bundle's Wi-Fi: the SSID in hex and the PSK derived from
 * the passphrase (PBKDF2-HMAC-SHA1, 4096 rounds, as wpa_passphrase does), so no quoting problems
 * and no passphrase on the box.
 */
export function wpaSupplicantConfig(wifi: NonNullable<RoomBundle['wifi']>): string {
  const ssid = Buffer.from(wifi.ssid, 'utf8');
  const psk = pbkdf2Sync(wifi.passphrase, ssid, 4096, 32, 'sha1').toString('hex');
  return [
    'ctrl_interface=DIR=/run/wpa_supplicant',
    'update_config=0',
    'network={',
    `  ssid=${ssid.toString('hex')}`,
    `  psk=${psk}`,
    '  key_mgmt=WPA-PSK',
    '}',
    '',
  ].join('\n');
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function readJson(path: string, what: string): Promise<unknown> {
  const text = await readFile(path, 'utf8').catch((e: Error) => {
    throw new KtvError(ErrorCodes.CONFIG, `cannot read ${what} ${path}`, [e.message]);
  });
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new KtvError(ErrorCodes.CONFIG, `${what} ${path} is not JSON`, [(e as Error).message]);
  }
}

/** Written whole or not at all (mode 0600, the folder fsync'd); owned like its folder. */
async function writeSecretFile(path: string, text: string, asRoot: boolean): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const owner = asRoot ? await stat(dir) : undefined;
  await writeFileDurably(path, text, {
    mode: 0o600,
    ...(owner ? { beforeRename: (tmp: string) => chown(tmp, owner.uid, owner.gid) } : {}),
  });
}

/** Overwrites the file's bytes before removing it (best effort on flash: the card may keep old blocks). */
async function scrubAndRemove(path: string): Promise<void> {
  const { size } = await stat(path);
  const handle = await open(path, 'r+');
  try {
    await handle.write(Buffer.alloc(size), 0, size, 0);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rm(path);
}

/**
 * First boot: a room's provisioning bundle becomes the agent's config. The secrets go to the data
 * folder (mode 0600, owned like the folder when run as root), and the bundle is overwritten and
 * removed from the boot partition. A new bundle replaces an existing config (re-provisioning).
 * No bundle: the existing config is kept; no bundle and no config is an error.
 * Throws KtvError(KTV_E_CONFIG); an invalid bundle is left in place for the technician.
 */
export async function importBundle(
  request: BundleImportRequest,
  isRoot: boolean = process.getuid?.() === 0,
): Promise<BundleImportResult> {
  if (!(await exists(request.from))) {
    if (await exists(request.config)) return { imported: false, config: request.config };
    throw new KtvError(ErrorCodes.CONFIG, `no config ${request.config} and no provisioning bundle ${request.from}`, [
      'copy a bundle from `ktv-gateway device add --room ROOM` onto the boot partition (scripts/provision)',
    ]);
  }
  const raw = await readJson(request.from, 'provisioning bundle');
  const checked = validateRoomBundle(raw);
  if (!checked.ok) {
    throw new KtvError(ErrorCodes.CONFIG, `provisioning bundle ${request.from} is invalid`, checked.errors);
  }
  const bundle = checked.value;
  const overrides =
    request.defaults !== undefined && (await exists(request.defaults))
      ? ((await readJson(request.defaults, 'board defaults')) as ConfigOverrides)
      : {};
  const config = configFromBundle(bundle, { ...overrides, dataDir: overrides.dataDir ?? dirname(request.config) });
  const valid = validateConfig(config);
  if (!valid.ok)
    throw new KtvError(ErrorCodes.CONFIG, `the bundle and ${request.defaults} make no valid config`, valid.errors);
  await writeSecretFile(request.config, `${JSON.stringify(config, null, 2)}\n`, isRoot);
  let wifi: string | undefined;
  if (bundle.wifi) {
    wifi = wifiConfigPath(request.config);
    // Read by wpa_supplicant (root); the agent's user need not read it.
    await writeSecretFile(wifi, wpaSupplicantConfig(bundle.wifi), false);
  }
  await scrubAndRemove(request.from);
  return { imported: true, deviceId: bundle.deviceId, config: request.config, wifi };
}
