import type { SensorState } from '@ktv/protocol';

/** What GET /api/state answers and the websocket pushes. */
export interface AgentStateView {
  storeId: string;
  roomId: string;
  roomName: string;
  connected: boolean;
  outboxPending: number;
  sensors: SensorState;
  simulated: boolean;
}
