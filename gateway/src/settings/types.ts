import type { SceneSettings } from '@ktv/protocol';
import type { BusinessSettings } from './business-settings.js';

export type DeviceKind = 'room' | 'monitor';

export interface DeviceRecord {
  deviceId: string;
  kind: DeviceKind;
  room?: string;
  roomName?: string;
  passwordHash: string;
  createdAt: number;
  revoked?: boolean;
  /** When `device revoke` (or the admin API) revoked it. */
  revokedAt?: number;
}

export interface AdminAccount {
  username: string;
  passwordHash: string;
  createdAt: number;
}

export interface SettingsDocument {
  version: 1;
  /** The store id the gateway last ran with (used by `device add` for the bundle). */
  storeId?: string;
  admin?: AdminAccount;
  devices: DeviceRecord[];
  /** Rooms as a business (issue #5): room types, rate plans, menu; seeded on first start. */
  business?: BusinessSettings;
  /** Light scenes and the rooms' idle time (issue #9); seeded on first start. */
  scenes?: SceneSettings;
}

export function emptySettings(): SettingsDocument {
  return { version: 1, devices: [] };
}
