import type { PlayerSummary } from '@ktv/protocol';
import type { VocalMode } from '../player/vocal-mode.js';
import type { QueueEntry } from '../queue/types.js';

/** A queue entry as the screens see it. */
export interface QueueEntryView {
  entryId: string;
  songId: string;
  title: string;
  artist: string;
  addedAt: number;
}

/** `player` in GET /api/state and the websocket (docs/interfaces.md, Playback). */
export interface PlayerView {
  current: QueueEntryView | null;
  upcoming: QueueEntryView[];
  positionMs: number;
  durationMs: number;
  paused: boolean;
  vocalMode: VocalMode;
  /** The background playlist (公播) plays because nothing is queued. */
  background: boolean;
  lyrics: { current: string | null; next: string | null };
}

export function entryView(e: QueueEntry): QueueEntryView {
  return { entryId: e.entryId, songId: e.songId, title: e.title ?? '', artist: e.artist ?? '', addedAt: e.addedAt };
}

/** The room state's `player` (for the gateway): the playing song and counts, no lyrics. */
export function playerSummary(view: PlayerView): PlayerSummary {
  return {
    songId: view.current?.songId ?? null,
    title: view.current?.title ?? null,
    artist: view.current?.artist ?? null,
    positionMs: Math.max(0, Math.round(view.positionMs)),
    durationMs: Math.max(0, Math.round(view.durationMs)),
    paused: view.paused,
    vocalMode: view.vocalMode,
    upcoming: view.upcoming.length,
    background: view.background,
  };
}
