import { isValidId, type ProvisioningBundle } from '@ktv/protocol';
import { generatePassword, hashPassword } from './passwords.js';
import type { SettingsStore } from './settings-store.js';

export type ProvisionRequest =
  | {
      kind: 'room';
      room: string;
      roomName?: string;
      storeId: string;
      mqttUrl: string;
      /** The gateway's HTTP base for the room's catalog and media downloads (bundle-addresses.ts). */
      httpUrl?: string;
      rotate?: boolean;
      /** Optional Wi-Fi for the room box; carried only in the bundle, never stored by the gateway. */
      wifi?: { ssid: string; passphrase: string };
    }
  | { kind: 'monitor'; name: string; storeId: string; mqttUrl: string; rotate?: boolean };

export type { MonitorBundle, ProvisioningBundle, RoomBundle } from '@ktv/protocol';

export class ProvisionError extends Error {}

export function deviceIdFor(request: ProvisionRequest): string {
  return request.kind === 'room' ? `room-${request.room}` : `monitor-${request.name}`;
}

/**
 * Adds a device (or, with `rotate`, gives an existing one a new password) and answers its
 * provisioning bundle. The password exists only in the bundle; settings keep its scrypt hash.
 */
export async function provisionDevice(
  settings: SettingsStore,
  request: ProvisionRequest,
  now: () => number = Date.now,
): Promise<ProvisioningBundle> {
  const id = request.kind === 'room' ? request.room : request.name;
  if (!isValidId(id)) throw new ProvisionError(`"${id}" is not a valid id (letters, digits, _ and -)`);
  const deviceId = deviceIdFor(request);
  await settings.refresh();
  const existing = settings.findDevice(deviceId);
  if (existing && !existing.revoked && !request.rotate) {
    throw new ProvisionError(`device ${deviceId} already exists; use --rotate to issue a new password`);
  }
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  const createdAt = existing?.createdAt ?? now();
  if (request.kind === 'room') {
    const roomName = request.roomName ?? existing?.roomName ?? request.room;
    await settings.upsertDevice({ deviceId, kind: 'room', room: request.room, roomName, passwordHash, createdAt });
    return {
      version: 1,
      kind: 'room',
      storeId: request.storeId,
      roomId: request.room,
      roomName,
      deviceId,
      mqttUrl: request.mqttUrl,
      ...(request.httpUrl !== undefined ? { httpUrl: request.httpUrl } : {}),
      username: deviceId,
      password,
      ...(request.wifi ? { wifi: { ssid: request.wifi.ssid, passphrase: request.wifi.passphrase } } : {}),
    };
  }
  await settings.upsertDevice({ deviceId, kind: 'monitor', passwordHash, createdAt });
  return {
    version: 1,
    kind: 'monitor',
    storeId: request.storeId,
    deviceId,
    mqttUrl: request.mqttUrl,
    username: deviceId,
    password,
  };
}

/**
 * Revokes a device: its credentials stop working at once (the broker refuses them and drops its
 * live connections, see broker/revocation.ts). `device add` (or POST /api/devices) re-issues it.
 * Answers false when the device is unknown; revoking twice is harmless.
 */
export async function revokeDevice(
  settings: SettingsStore,
  deviceId: string,
  now: () => number = Date.now,
): Promise<{ revoked: boolean; deviceId: string }> {
  await settings.refresh();
  const device = settings.findDevice(deviceId);
  if (!device) return { revoked: false, deviceId };
  if (device.revoked) return { revoked: true, deviceId };
  await settings.upsertDevice({ ...device, revoked: true, revokedAt: now() });
  return { revoked: true, deviceId };
}
