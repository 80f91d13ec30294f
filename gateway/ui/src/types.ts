/** Shapes of the admin API (docs/interfaces.md), as the page sees them. */
export interface Sensors {
  doorOpen: boolean;
  motion: boolean;
  callActive: boolean;
}

export interface RoomView {
  room: string;
  roomName: string;
  online: boolean;
  lastSeen: number | null;
  agentVersion: string | null;
  sensors: Sensors | null;
  outboxPending: number;
  invalidMessages: number;
}

export interface DeviceView {
  deviceId: string;
  kind: 'room' | 'monitor';
  room: string | null;
  online: boolean;
  lastSeen: number | null;
  version: string | null;
  invalidMessages: number;
  outboxPending: number;
}

export type GatewayStats = Record<string, number>;

export type LiveMessage =
  | { type: 'snapshot'; rooms: RoomView[]; stats: GatewayStats }
  | { type: 'room'; room: RoomView }
  | { type: 'stats'; stats: GatewayStats };
