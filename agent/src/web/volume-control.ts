import type { VolumeState } from '@ktv/protocol';

/** A change from POST /api/volume; each field optional. */
export interface VolumePatch {
  music?: number;
  mic?: number;
  muted?: boolean;
}

/**
 * What the web layer needs from the room's volume (music and microphone levels, the store's
 * music maximum, mute). The amplifier-backed controller and the player-only fallback both fit.
 */
export interface VolumeControl {
  state(): VolumeState;
  /** Applies the patch (music capped at musicMax) and resolves with the new state. */
  set(patch: VolumePatch): Promise<VolumeState>;
}
