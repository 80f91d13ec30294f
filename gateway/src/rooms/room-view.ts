import type { SensorState } from '@ktv/protocol';

/** One room as the admin API and page show it (docs/interfaces.md). */
export interface RoomView {
  room: string;
  roomName: string;
  online: boolean;
  lastSeen: number | null;
  agentVersion: string | null;
  sensors: SensorState | null;
  outboxPending: number;
  invalidMessages: number;
}

/** One provisioned device, for the device panel. */
export interface DeviceView {
  deviceId: string;
  kind: 'room' | 'monitor';
  room: string | null;
  roomName: string | null;
  /** Room devices: the room's retained online flag. Monitors: connected to the broker now. */
  online: boolean;
  connected: boolean;
  lastSeen: number | null;
  version: string | null;
  invalidMessages: number;
  outboxPending: number;
  createdAt: number;
  revoked: boolean;
}

/** Room ids in the order people expect: 101 < 102 < 1001. */
export function compareRoomIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
