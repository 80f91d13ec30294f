import type { VolumeState } from '@ktv/protocol';

/** A requested change, as from `POST /api/volume`. */
export interface VolumeChange {
  music?: number;
  mic?: number;
  muted?: boolean;
}

export class VolumeError extends Error {
  readonly code = 'KTV_E_VOLUME_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'VolumeError';
  }
}

/** 0..100, rounded; a non-number is refused (a UI can only send nonsense by mistake). */
export function clampLevel(v: number, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new VolumeError(`${what} must be a number 0..100`);
  return Math.min(100, Math.max(0, Math.round(v)));
}

/** The state after `change`: levels clamped to 0..100, music capped at musicMax (not refused), levels kept across mute. */
export function applyChange(state: VolumeState, change: VolumeChange): VolumeState {
  const next = { ...state };
  if (change.music !== undefined) next.music = Math.min(clampLevel(change.music, 'music'), state.musicMax);
  if (change.mic !== undefined) next.mic = clampLevel(change.mic, 'mic');
  if (change.muted !== undefined) {
    if (typeof change.muted !== 'boolean') throw new VolumeError('muted must be true or false');
    next.muted = change.muted;
  }
  return next;
}

/** A new store maximum; the music level comes down to it if above. */
export function applyMusicMax(state: VolumeState, musicMax: number): VolumeState {
  const max = clampLevel(musicMax, 'musicMax');
  return { ...state, musicMax: max, music: Math.min(state.music, max) };
}

export const VOLUME_STEP = 5;

/**
 * The +/- buttons: to the next multiple of `step` in that direction (37 -> 40 / 35, 40 -> 45 / 35),
 * within 0..100. The caller's applyChange caps music at musicMax.
 */
export function stepLevel(level: number, direction: 1 | -1, step = VOLUME_STEP): number {
  const next = direction > 0 ? Math.floor(level / step) * step + step : Math.ceil(level / step) * step - step;
  return Math.min(100, Math.max(0, next));
}
