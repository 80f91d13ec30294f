import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Logger } from '../logger.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { MqttBroker } from './mqtt-broker.js';

/**
 * A revoked device is refused at once: new connections by DeviceAuthenticator (it re-reads the
 * settings before every check), live ones here. The settings file is watched, so a revocation
 * (or a password rotation) written by `ktv-gateway device revoke` in another process drops the
 * device's connections within moments, not at its next reconnect. Returns the cleanup.
 */
export function enforceRevocations(
  settings: SettingsStore,
  broker: Pick<MqttBroker, 'connectedDeviceIds' | 'disconnectDevice'>,
  logger: Logger,
): () => void {
  const log = logger.child({ component: 'revocation' });
  /** The password hash each device had at the last look: a rotation ends the old password's sessions too. */
  const hashes = new Map(settings.devices().map((d) => [d.deviceId, d.passwordHash]));

  const enforce = () => {
    const connected = broker.connectedDeviceIds();
    for (const deviceId of connected) {
      const device = settings.findDevice(deviceId);
      const reason = !device
        ? 'device removed'
        : device.revoked
          ? 'device revoked'
          : hashes.has(deviceId) && hashes.get(deviceId) !== device.passwordHash
            ? 'password rotated'
            : undefined;
      if (reason === undefined) continue;
      const closed = broker.disconnectDevice(deviceId);
      log.warn({ deviceId, reason, closed, code: 'KTV_E_AUTH' }, 'device connections closed');
    }
    hashes.clear();
    for (const d of settings.devices()) hashes.set(d.deviceId, d.passwordHash);
  };
  const offChange = settings.onChange(enforce);

  let watcher: FSWatcher | undefined;
  try {
    const name = basename(settings.file);
    watcher = watch(dirname(settings.file), { persistent: false }, (_event, file) => {
      if (file !== null && file !== name) return;
      settings.refresh().catch((e: unknown) => log.error({ err: e }, 'settings could not be re-read'));
    });
    watcher.on('error', (e) => log.error({ err: e }, 'settings watch failed'));
  } catch (e) {
    log.error({ err: e }, 'settings watch failed; revocations act at the next settings read');
  }
  return () => {
    offChange();
    watcher?.close();
  };
}
