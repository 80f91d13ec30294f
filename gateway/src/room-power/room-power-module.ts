import { decodeRoomCommand, type RoomCommand, type RoomStatusName, type SceneSettings } from '@ktv/protocol';
import type { RoomViewWithBusiness } from '../business/business-view.js';
import type { Logger } from '../logger.js';
import type { RoomRegistry } from '../rooms/room-registry.js';
import type { RoomView } from '../rooms/room-view.js';
import { loadSceneSettings, type SceneSettingsInput, saveSceneSettings } from '../settings/scene-settings.js';
import type { SettingsStore } from '../settings/settings-store.js';

/** The part of the business module this one needs: each room's state (空闲 / 使用中 / 待清洁 ...). */
export interface RoomStatusSource {
  withBusiness(view: RoomView): RoomViewWithBusiness;
  onRoomChange(listener: (room: RoomViewWithBusiness) => void): () => void;
}

export interface RoomPowerModuleDeps {
  settings: SettingsStore;
  rooms: RoomRegistry;
  business?: RoomStatusSource;
  sendCommand: (room: string, command: RoomCommand) => Promise<void>;
  now: () => number;
  newId: (at: number) => string;
  logger: Logger;
}

/**
 * The gateway's side of the rooms' power (issue #9): keeps the light scenes and idle time
 * (settings), and tells every room what its power rules need: `scenes.update` on every save and
 * whenever a room comes online, `room.status` whenever a room's business state changes and
 * whenever it comes online. The rooms decide and switch by themselves; this only informs them.
 */
export class RoomPowerModule {
  private current: SceneSettings | undefined;
  private readonly online = new Map<string, boolean>();
  private readonly sentStatus = new Map<string, RoomStatusName>();
  private readonly cleanups: (() => void)[] = [];
  private readonly savedListeners = new Set<(saved: SceneSettings) => void>();
  private readonly log: Logger;

  constructor(private readonly deps: RoomPowerModuleDeps) {
    this.log = deps.logger.child({ component: 'room-power' });
  }

  async start(): Promise<void> {
    this.current = await loadSceneSettings(this.deps.settings, this.log, this.deps.now);
    this.cleanups.push(this.deps.rooms.onChange((view) => this.roomReported(view)));
    if (this.deps.business) {
      this.cleanups.push(this.deps.business.onRoomChange((room) => this.statusChanged(room)));
    }
    for (const view of this.deps.rooms.list()) this.roomReported(view);
  }

  async stop(): Promise<void> {
    for (const c of this.cleanups.splice(0)) c();
  }

  scenes(): SceneSettings {
    if (!this.current) throw new Error('room power module not started');
    return this.current;
  }

  /** Saves the scenes as a new version and sends them to every room that is online. */
  async saveScenes(input: SceneSettingsInput): Promise<SceneSettings> {
    const saved = await saveSceneSettings(this.deps.settings, input, this.deps.now);
    this.current = saved;
    this.log.info({ version: saved.version, idleMinutes: saved.idleMinutes }, 'light scenes saved');
    for (const [room, online] of this.online) if (online) this.sendScenes(room);
    for (const l of this.savedListeners) l(saved);
    return saved;
  }

  /** Told of every new version saved (the admin page shows another admin's save at once). */
  onSaved(listener: (saved: SceneSettings) => void): () => void {
    this.savedListeners.add(listener);
    return () => this.savedListeners.delete(listener);
  }

  private roomReported(view: RoomView): void {
    const was = this.online.get(view.room) ?? false;
    this.online.set(view.room, view.online);
    if (!view.online || was) return;
    this.sendScenes(view.room);
    this.sentStatus.delete(view.room);
    const status = this.statusOf(view);
    if (status) this.sendStatus(view.room, status);
  }

  private statusChanged(room: RoomViewWithBusiness): void {
    if (this.sentStatus.get(room.room) === room.business.state) return;
    if (!(this.online.get(room.room) ?? false)) return;
    this.sendStatus(room.room, room.business.state);
  }

  private statusOf(view: RoomView): RoomStatusName | undefined {
    try {
      return this.deps.business?.withBusiness(view).business.state;
    } catch (e) {
      this.log.error({ err: e, room: view.room }, 'room state unavailable');
      return undefined;
    }
  }

  private sendStatus(room: string, status: RoomStatusName): void {
    this.sentStatus.set(room, status);
    const at = this.deps.now();
    this.send(room, { id: this.deps.newId(at), type: 'room.status', room, at, data: { status } });
  }

  private sendScenes(room: string): void {
    const at = this.deps.now();
    this.send(room, { id: this.deps.newId(at), type: 'scenes.update', room, at, data: { settings: this.scenes() } });
  }

  private send(room: string, command: RoomCommand): void {
    const checked = decodeRoomCommand(command, room);
    if (!checked.ok) {
      this.log.error({ room, type: command.type, reason: checked.reason }, 'room power command invalid');
      return;
    }
    this.deps
      .sendCommand(room, command)
      .catch((e: unknown) => this.log.warn({ err: e, room, type: command.type }, 'room power command not sent'));
  }
}
