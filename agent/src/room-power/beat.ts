import type { LightScene } from '@ktv/protocol';

export interface SceneFrame {
  /** The look: named channel levels. */
  levels: Readonly<Record<string, number>>;
  /** How long this frame holds before the next one (ms); null: until something else changes. */
  holdMs: number | null;
}

/**
 * The frame a scene shows `sinceMs` after its beat started. A scene with a `beat` and a known
 * tempo flashes its beat frame at the start of every beat for `holdPct` percent of it and shows
 * its base frame for the rest; anything else shows its base frame. Pure.
 */
export function sceneFrameAt(scene: LightScene, bpm: number | null, sinceMs: number): SceneFrame {
  if (!scene.beat || bpm === null || !(bpm > 0)) return { levels: scene.levels, holdMs: null };
  const beatMs = 60_000 / bpm;
  const onMs = (beatMs * scene.beat.holdPct) / 100;
  const phase = ((sinceMs % beatMs) + beatMs) % beatMs;
  if (phase < onMs) return { levels: scene.beat.levels, holdMs: Math.max(1, Math.round(onMs - phase)) };
  return { levels: scene.levels, holdMs: Math.max(1, Math.round(beatMs - phase)) };
}
