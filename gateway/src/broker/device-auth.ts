import { createHash, timingSafeEqual } from 'node:crypto';
import { verifyPassword } from '../settings/passwords.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { Principal } from './acl.js';

export type AuthResult = { ok: true; principal: Principal } | { ok: false; reason: string };

/** Any valid hash: unknown users cost a full scrypt too, so timing does not tell them apart. */
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/**
 * Checks MQTT credentials against the provisioned devices (username = deviceId). The settings
 * file is re-read first when it changed, so devices added by `device add` while the gateway runs
 * can connect at once. A successful check is remembered (SHA-256 of the password, compared in
 * constant time) so reconnects do not each cost a scrypt.
 */
export class DeviceAuthenticator {
  private readonly verified = new Map<string, { passwordHash: string; digest: Buffer }>();

  constructor(private readonly settings: SettingsStore) {}

  async check(username: string | undefined, password: Buffer | undefined): Promise<AuthResult> {
    await this.settings.refresh();
    if (!username || !password) return { ok: false, reason: 'missing username or password' };
    const device = this.settings.findDevice(username);
    const text = password.toString('utf8');
    if (!device || device.revoked) {
      await verifyPassword(text, DUMMY_HASH);
      return { ok: false, reason: device ? 'device revoked' : 'unknown device' };
    }
    const digest = createHash('sha256').update(password).digest();
    const cached = this.verified.get(device.deviceId);
    const good =
      cached?.passwordHash === device.passwordHash
        ? timingSafeEqual(cached.digest, digest)
        : await verifyPassword(text, device.passwordHash);
    if (!good) return { ok: false, reason: 'wrong password' };
    this.verified.set(device.deviceId, { passwordHash: device.passwordHash, digest });
    if (device.kind === 'room') {
      if (device.room === undefined) return { ok: false, reason: 'room device without a room' };
      return { ok: true, principal: { kind: 'room', deviceId: device.deviceId, room: device.room } };
    }
    return { ok: true, principal: { kind: 'monitor', deviceId: device.deviceId } };
  }
}

/** A device's client id is its device id, or starts with `${deviceId}-` (e.g. `room-101-debug`). */
export function clientIdMatches(clientId: string, deviceId: string): boolean {
  return clientId === deviceId || clientId.startsWith(`${deviceId}-`);
}
