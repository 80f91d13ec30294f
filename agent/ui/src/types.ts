import type { Catalog, Lang, SensorState, SessionSummary } from '@ktv/protocol';

/** One song of the room's queue (docs/interfaces.md, "Playback"). */
export interface QueueEntry {
  entryId: string;
  songId: string;
  title: string;
  artist: string;
  addedAt: number;
}

export type VocalMode = 'vocalsOn' | 'vocalsOff';

export interface PlayerView {
  current: QueueEntry | null;
  upcoming: QueueEntry[];
  positionMs: number;
  durationMs: number;
  paused: boolean;
  vocalMode: VocalMode;
  background: boolean;
  lyrics: { current: string | null; next: string | null };
}

export interface VolumeView {
  music: number;
  mic: number;
  musicMax: number;
  muted: boolean;
}

/** Mirrors the agent's GET /api/state and websocket pushes; player and volume come with #3. */
export interface StateView {
  storeId: string;
  roomId: string;
  roomName: string;
  connected: boolean;
  outboxPending: number;
  sensors: SensorState;
  simulated: boolean;
  player?: PlayerView;
  volume?: VolumeView;
  /** The room's session (开房), from the gateway's `session.update`; null when none. */
  session?: SessionSummary | null;
}

/** A song of the local catalog (GET /api/songs). */
export interface Song {
  id: string;
  title: string;
  artist: string;
  language: string;
  durationMs: number;
}

export interface I18nPayload {
  defaultLang: Lang;
  catalogs: Record<Lang, Catalog>;
}
