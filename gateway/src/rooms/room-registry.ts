import type { RoomState } from '@ktv/protocol';
import type { DeviceRecord } from '../settings/types.js';
import { compareRoomIds, type RoomView } from './room-view.js';

interface LiveRoom {
  room: string;
  provisionedName: string | undefined;
  online: boolean;
  lastSeen: number | null;
  state: RoomState | undefined;
  /** lastSeen as the listeners last heard it. */
  toldLastSeen: number | null;
}

/**
 * An event alone (no state, no online change) is told to the listeners only when lastSeen moved
 * on by this much since they last heard: the admin page shows "last seen" to the second, and a
 * busy room's every event need not rebuild its view, re-check its alerts and push it to every
 * admin page (the broker benchmark sends 1,000 events a second).
 */
export const LAST_SEEN_REPORT_MS = 1000;

/**
 * Rooms from provisioned devices plus what their agents report (retained state, online flag,
 * events). Pure state: callers pass the receipt time. Every change is told to the listeners.
 */
export class RoomRegistry {
  private readonly rooms = new Map<string, LiveRoom>();
  private readonly listeners = new Set<(view: RoomView) => void>();

  constructor(private readonly invalidCount: (room: string) => number) {}

  /** Adds rooms of newly provisioned devices (rooms never disappear while running). */
  syncDevices(devices: readonly DeviceRecord[]): void {
    for (const d of devices) {
      if (d.kind !== 'room' || d.room === undefined || d.revoked) continue;
      const live = this.rooms.get(d.room);
      if (!live) {
        this.rooms.set(d.room, this.blank(d.room, d.roomName));
        this.emit(d.room);
      } else if (live.provisionedName !== d.roomName) {
        live.provisionedName = d.roomName;
        this.emit(d.room);
      }
    }
  }

  private blank(room: string, name: string | undefined): LiveRoom {
    return { room, provisionedName: name, online: false, lastSeen: null, state: undefined, toldLastSeen: null };
  }

  private live(room: string): LiveRoom {
    let live = this.rooms.get(room);
    if (!live) {
      live = this.blank(room, undefined);
      this.rooms.set(room, live);
    }
    return live;
  }

  applyState(room: string, state: RoomState, at: number): void {
    const live = this.live(room);
    live.state = state;
    live.lastSeen = at;
    this.emit(room);
  }

  applyOnline(room: string, online: boolean, at: number): void {
    const live = this.live(room);
    live.online = online;
    live.lastSeen = at;
    this.emit(room);
  }

  /** Any other sign of life (an event): told when lastSeen moved on by LAST_SEEN_REPORT_MS. */
  touch(room: string, at: number): void {
    const live = this.live(room);
    live.lastSeen = at;
    if (live.toldLastSeen === null || at - live.toldLastSeen >= LAST_SEEN_REPORT_MS) this.emit(room);
  }

  /** The invalid counter of a room changed. */
  invalidChanged(room: string): void {
    if (this.rooms.has(room)) this.emit(room);
  }

  has(room: string): boolean {
    return this.rooms.has(room);
  }

  view(room: string): RoomView | undefined {
    const live = this.rooms.get(room);
    if (!live) return undefined;
    const s = live.state;
    return {
      room,
      roomName: live.provisionedName ?? s?.roomName ?? room,
      online: live.online,
      lastSeen: live.lastSeen,
      agentVersion: s?.agentVersion ?? null,
      sensors: s ? { ...s.sensors } : null,
      outboxPending: s?.outboxPending ?? 0,
      invalidMessages: this.invalidCount(room),
    };
  }

  list(): RoomView[] {
    return [...this.rooms.keys()]
      .sort(compareRoomIds)
      .map((room) => this.view(room))
      .filter((v): v is RoomView => v !== undefined);
  }

  onChange(listener: (view: RoomView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(room: string): void {
    const live = this.rooms.get(room);
    const view = this.view(room);
    if (!live || !view) return;
    live.toldLastSeen = live.lastSeen;
    for (const l of this.listeners) l(view);
  }
}
