import { readFile } from 'node:fs/promises';
import { type DoctorCheck, errorDetail, fault, ok } from '@ktv/protocol';
import type { SettingsDocument } from '../../settings/types.js';

export type SettingsRead =
  | { kind: 'missing' }
  | { kind: 'damaged'; detail: string }
  | { kind: 'ok'; doc: SettingsDocument };

/** Reads DATA/settings.json without creating or changing it. */
export async function readSettings(file: string): Promise<SettingsRead> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'damaged', detail: errorDetail(e) };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { kind: 'damaged', detail: `not JSON: ${errorDetail(e)}` };
  }
  return checkSettingsShape(doc);
}

/** The parts of the settings document the gateway cannot start without. Pure. */
export function checkSettingsShape(doc: unknown): SettingsRead {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    return { kind: 'damaged', detail: 'not an object' };
  const d = doc as Partial<SettingsDocument>;
  if (d.version !== 1) return { kind: 'damaged', detail: `version ${JSON.stringify(d.version)}, expected 1` };
  if (d.devices !== undefined && !Array.isArray(d.devices)) return { kind: 'damaged', detail: 'devices is not a list' };
  const bad = (d.devices ?? []).findIndex(
    (x) => typeof x?.deviceId !== 'string' || typeof x?.passwordHash !== 'string',
  );
  if (bad !== -1) return { kind: 'damaged', detail: `devices/${bad} has no deviceId or passwordHash` };
  if (d.admin !== undefined && (typeof d.admin.username !== 'string' || typeof d.admin.passwordHash !== 'string')) {
    return { kind: 'damaged', detail: 'admin has no username or passwordHash' };
  }
  return { kind: 'ok', doc: { ...d, version: 1, devices: d.devices ?? [] } };
}

/** settings.json reads back (a gateway that never ran has none yet: that is the admin check's D209). */
export function settingsCheck(file: string, read: () => Promise<SettingsRead>): DoctorCheck {
  return {
    name: 'settings',
    title: 'doctor.check.settings',
    timeoutMs: 5000,
    failCode: 'D202',
    async run() {
      const r = await read();
      if (r.kind === 'damaged') return fault('D202', { file }, r.detail);
      return ok('doctor.ok.settings', { file, devices: r.kind === 'ok' ? r.doc.devices.length : 0 });
    },
  };
}

/** An admin account with a password exists (made at the first start). */
export function adminCheck(dataDir: string, read: () => Promise<SettingsRead>): DoctorCheck {
  return {
    name: 'admin',
    title: 'doctor.check.admin',
    timeoutMs: 5000,
    failCode: 'D209',
    async run() {
      const r = await read();
      const admin = r.kind === 'ok' ? r.doc.admin : undefined;
      if (!admin || admin.passwordHash === '') {
        return fault('D209', { dir: dataDir }, r.kind === 'ok' ? 'settings.json has no admin' : 'no settings.json');
      }
      return ok('doctor.ok.admin', { username: admin.username });
    },
  };
}
