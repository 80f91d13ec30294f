import type { VocalCarrier, VocalMode } from './vocal-mode.js';

export interface LoadOptions {
  /** Where to start (ms); default 0. */
  startMs?: number;
  /** How the song carries its vocals (from the catalog entry). */
  vocals?: VocalCarrier;
  /** 原唱 / 伴唱 for this song; default: the player's current mode. */
  vocalMode?: VocalMode;
  /** Raw audio track id, overriding what `vocals` would choose. */
  audioTrack?: number;
  /** A subtitle file (the song's ASS lyrics) drawn over the video. */
  subFile?: string;
  /** Load paused (e.g. resuming a paused song); default false. */
  paused?: boolean;
}

export interface PlayerStatus {
  file: string | null;
  positionMs: number;
  durationMs: number | null;
  paused: boolean;
  /** Nothing loaded (after stop, after the end of a file, at start). */
  idle: boolean;
  volume: number;
  vocalMode: VocalMode;
}

/**
 * Text the player draws over whatever plays or over nothing (mpv's `osd-overlay`, ASS events: one
 * event per line, override tags allowed), scaled from a `resX` x `resY` canvas to the screen.
 */
export interface Overlay {
  ass: string;
  resX: number;
  resY: number;
}

/** An overlay's id, 0..63; each feature that draws keeps its own. */
export type OverlayId = number;

export const isOverlayId = (id: number): boolean => Number.isInteger(id) && id >= 0 && id <= 63;

export type PlayerEvent =
  | { type: 'loaded'; file: string; positionMs: number }
  | { type: 'position'; positionMs: number }
  | { type: 'duration'; durationMs: number }
  | { type: 'paused'; paused: boolean }
  | { type: 'ended'; file: string; reason: 'eof' | 'error' }
  | { type: 'idle'; idle: boolean }
  | { type: 'vocalMode'; vocalMode: VocalMode }
  /** The real player's process died and came back; the current song was reloaded at `resumedAtMs`. */
  | { type: 'restarted'; file: string | null; resumedAtMs: number | null };

export type PlayerListener = (event: PlayerEvent) => void;

/**
 * The TV's player. The mpv driver and the simulated twin both pass `playerContract`.
 * Position events come at most every ~100 ms while playing. `ended` is sent only when a file
 * plays to its end (or fails while playing), never for stop() or a replacing load().
 */
export interface PlayerPort {
  /** Plays `file`, replacing the current one; resolves once it plays (rejects KTV_E_PLAYER_LOAD). */
  load(file: string, options?: LoadOptions): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Absolute seek in the current file (ms). */
  seek(ms: number): Promise<void>;
  stop(): Promise<void>;
  /** 0..100 (clamped). */
  setVolume(volume: number): Promise<void>;
  /** Switches 原唱/伴唱 at once, keeping the position; remembered for the next load. */
  setVocalMode(mode: VocalMode): Promise<void>;
  /**
   * Draws `overlay` over the picture (null removes it). It stays through loads, stops and a
   * restart of the player's process until it is replaced or removed.
   */
  setOverlay(id: OverlayId, overlay: Overlay | null): Promise<void>;
  /** What overlay `id` shows now (null: none). */
  overlay(id: OverlayId): Overlay | null;
  status(): PlayerStatus;
  subscribe(listener: PlayerListener): () => void;
  close(): Promise<void>;
}

export type PlayerErrorCode = 'KTV_E_PLAYER_LOAD' | 'KTV_E_PLAYER_STATE';

export class PlayerError extends Error {
  constructor(
    readonly code: PlayerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PlayerError';
  }
}

export const clampVolume = (v: number): number => (Number.isFinite(v) ? Math.min(100, Math.max(0, Math.round(v))) : 0);
