import type { StoreAlert } from '../alerts/store-alerts.js';
import type { CloudLinkState } from '../cloud/link-state.js';
import type { StoredEvent } from '../events/event-store.js';
import type { LibraryStatus } from '../library/library-api.js';
import type { DeviceView, RoomView } from '../rooms/room-view.js';
import type { GatewayStats } from '../stats.js';

/** Pushed on the admin websocket after the snapshot. */
export type LiveMessage =
  | { type: 'room'; room: RoomView }
  | { type: 'stats'; stats: GatewayStats }
  /** The song library: version, song count, import progress (gateway/src/library). */
  | { type: 'library'; library: LibraryStatus }
  /** The cloud link (issue #8): connected, events waiting, oldest age, last ack. */
  | { type: 'cloud'; cloud: CloudLinkState }
  /** Store-wide alerts (disk, room agent clocks, refused cloud pushes): gateway/src/alerts. */
  | { type: 'alerts'; alerts: StoreAlert[] }
  /** A new version of the light scenes was saved (GET /api/scenes has it). */
  | { type: 'scenes'; version: number; updatedAt: number };

/** What the admin app needs from the gateway: a port, so that the app can be tested alone. */
export interface AdminBackend {
  verifyAdmin(username: string, password: string): Promise<boolean>;
  rooms(): Promise<RoomView[]>;
  devices(): Promise<DeviceView[]>;
  stats(): GatewayStats;
  /** undefined when the room is unknown. */
  events(room: string, after: number): StoredEvent[] | undefined;
  /** Sends `service.acknowledge` to the room; false when the room is unknown. */
  ackCall(room: string, by: string): Promise<boolean>;
  subscribe(listener: (message: LiveMessage) => void): () => void;
}
