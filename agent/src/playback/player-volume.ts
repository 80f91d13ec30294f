import type { VolumeState } from '@ktv/protocol';
import type { VolumeControl, VolumePatch } from '../web/volume-control.js';

const level = (v: number): number => Math.min(100, Math.max(0, Math.round(v)));

/**
 * Volume on the player alone (mpv's `volume`), for rooms without an amplifier driver: music is the
 * player's level (0 when muted); the microphone level is kept and shown but drives nothing.
 */
export class PlayerVolume implements VolumeControl {
  private current: VolumeState;

  constructor(
    private readonly apply: (playerLevel: number) => Promise<void>,
    initial: VolumeState = { music: 60, mic: 60, musicMax: 100, muted: false },
  ) {
    this.current = { ...initial, music: Math.min(level(initial.music), level(initial.musicMax)) };
  }

  state(): VolumeState {
    return { ...this.current };
  }

  /** Pushes the current level to the player (at start). */
  async init(): Promise<void> {
    await this.apply(this.playerLevel());
  }

  async set(patch: VolumePatch): Promise<VolumeState> {
    const next = { ...this.current };
    if (patch.music !== undefined) next.music = Math.min(level(patch.music), next.musicMax);
    if (patch.mic !== undefined) next.mic = level(patch.mic);
    if (patch.muted !== undefined) next.muted = patch.muted;
    this.current = next;
    await this.apply(this.playerLevel());
    return this.state();
  }

  private playerLevel(): number {
    return this.current.muted ? 0 : this.current.music;
  }
}
