import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { oneAtATime } from '@ktv/protocol';
import { Low } from 'lowdb';
import { DurableJsonFile } from './durable-json-file.js';
import { type AdminAccount, type DeviceRecord, emptySettings, type SettingsDocument } from './types.js';

export const SETTINGS_FILE = 'settings.json';

/**
 * DATA/settings.json through lowdb. The file is shared with the `device add` CLI, which may write
 * it while the gateway runs: `refresh()` re-reads it when its mtime or size changed, and the
 * gateway calls it before every MQTT authentication and every admin read of devices or rooms.
 */
export class SettingsStore {
  private readonly db: Low<SettingsDocument>;
  private stamp = '';
  private readonly listeners = new Set<() => void>();

  private constructor(readonly file: string) {
    this.db = new Low(new DurableJsonFile<SettingsDocument>(file), emptySettings());
  }

  static async open(dataDir: string): Promise<SettingsStore> {
    await mkdir(dataDir, { recursive: true });
    const store = new SettingsStore(join(dataDir, SETTINGS_FILE));
    await store.refresh();
    return store;
  }

  /** Re-reads the file if it changed on disk. Returns true when it did. */
  async refresh(): Promise<boolean> {
    const stamp = await this.fileStamp();
    if (stamp === this.stamp) return false;
    await this.db.read();
    if (!Array.isArray(this.db.data.devices)) this.db.data = { ...emptySettings(), ...this.db.data, devices: [] };
    this.stamp = stamp;
    for (const l of this.listeners) l();
    return true;
  }

  /** Called after the document was (re-)read because it changed. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async fileStamp(): Promise<string> {
    try {
      const s = await stat(this.file);
      return `${s.mtimeMs}:${s.size}:${s.ino}`;
    } catch {
      return 'missing';
    }
  }

  private readonly oneAtATime = oneAtATime();

  get data(): Readonly<SettingsDocument> {
    return this.db.data;
  }

  devices(): readonly DeviceRecord[] {
    return this.db.data.devices;
  }

  findDevice(deviceId: string): DeviceRecord | undefined {
    return this.db.data.devices.find((d) => d.deviceId === deviceId);
  }

  /**
   * Read-modify-write against the newest file content. Updates run one at a time, in call order,
   * so two changes started together both land (neither re-reads the file under the other's write).
   */
  update(change: (doc: SettingsDocument) => void): Promise<void> {
    const run = async () => {
      this.stamp = '';
      await this.refresh();
      change(this.db.data);
      await this.db.write();
      this.stamp = await this.fileStamp();
    };
    return this.oneAtATime(run);
  }

  async upsertDevice(device: DeviceRecord): Promise<void> {
    await this.update((doc) => {
      doc.devices = [...doc.devices.filter((d) => d.deviceId !== device.deviceId), device];
    });
  }

  async setAdmin(admin: AdminAccount): Promise<void> {
    await this.update((doc) => {
      doc.admin = admin;
    });
  }

  async setStoreId(storeId: string): Promise<void> {
    if (this.db.data.storeId === storeId) return;
    await this.update((doc) => {
      doc.storeId = storeId;
    });
  }
}
