import type { Logger } from '../logger.js';
import { generatePassword, hashPassword, verifyPassword } from './passwords.js';
import type { SettingsStore } from './settings-store.js';

export const ADMIN_USERNAME = 'admin';

/**
 * First start: creates the admin account, with KTV_ADMIN_PASSWORD when set, otherwise with a
 * generated password that is logged once (`admin account created`).
 */
export async function ensureAdminAccount(
  settings: SettingsStore,
  logger: Logger,
  now: () => number,
  presetPassword: string | undefined,
): Promise<void> {
  if (settings.data.admin) return;
  const password = presetPassword && presetPassword.length > 0 ? presetPassword : generatePassword();
  await settings.setAdmin({ username: ADMIN_USERNAME, passwordHash: await hashPassword(password), createdAt: now() });
  if (presetPassword) logger.info({ username: ADMIN_USERNAME }, 'admin account created');
  else logger.info({ username: ADMIN_USERNAME, password }, 'admin account created');
}

export async function verifyAdmin(settings: SettingsStore, username: string, password: string): Promise<boolean> {
  await settings.refresh();
  const admin = settings.data.admin;
  if (!admin || admin.username !== username) {
    await verifyPassword(
      password,
      'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    );
    return false;
  }
  return verifyPassword(password, admin.passwordHash);
}
