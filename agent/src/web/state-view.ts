import type { RoomPowerState, SensorState, SessionSummary, VolumeState } from '@ktv/protocol';
import type { LibraryView } from '../catalog/room-library.js';
import type { PlayerView } from '../playback/player-view.js';

/** What GET /api/state answers and the websocket pushes. */
export interface AgentStateView {
  storeId: string;
  roomId: string;
  roomName: string;
  connected: boolean;
  outboxPending: number;
  sensors: SensorState;
  simulated: boolean;
  /** What the TV plays (absent when the agent runs without playback). */
  player?: PlayerView;
  volume?: VolumeState;
  /** The room's catalog (version, update in progress or failed) and media cache (issue #4). */
  library?: LibraryView;
  /** The running session (开房) as the gateway last sent it (`session.update`); null when none. */
  session?: SessionSummary | null;
  /** The room's power (issue #9): TV, amplifier, light scene, whether a session runs, the guests' pick. */
  power?: RoomPowerState & { inUse: boolean; guestScene: string | null };
}
