import type { VolumeState } from '@ktv/protocol';
import type { AmpPort } from '../hardware/amp/port.js';
import { applyChange, applyMusicMax, stepLevel, type VolumeChange } from './levels.js';

export interface VolumeLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface VolumeControlOptions {
  amp: AmpPort;
  musicMax: number;
  initial: { music: number; mic: number; muted?: boolean };
  logger: VolumeLogger;
}

export type VolumeListener = (state: VolumeState) => void;

export interface VolumeControl {
  state(): VolumeState;
  /** Applies a change (capped at musicMax); rejects with the amp's error (state unchanged) if the amp fails. */
  set(change: VolumeChange): Promise<VolumeState>;
  /** +/- buttons. */
  step(target: 'music' | 'mic', direction: 1 | -1): Promise<VolumeState>;
  /** The store's maximum (gateway command); lowers the music level if above. */
  setMusicMax(musicMax: number): Promise<VolumeState>;
  /** Resolves once the initial levels were sent (or failed and were logged). */
  ready(): Promise<void>;
  subscribe(listener: VolumeListener): () => void;
  close(): Promise<void>;
}

/**
 * Holds VolumeState, applies changes to the amp in order (one at a time), notifies subscribers.
 * What the amp is known to hold is tracked; after a failed write it is unknown and the next
 * change re-sends everything, so an amp that comes back gets the whole state.
 */
export function createVolumeControl(options: VolumeControlOptions): VolumeControl {
  const { amp, logger } = options;
  let current: VolumeState = applyChange(
    { music: 0, mic: 0, musicMax: 100, muted: false },
    { mic: options.initial.mic, muted: options.initial.muted ?? false },
  );
  current = applyChange(applyMusicMax(current, options.musicMax), { music: options.initial.music });
  let applied: VolumeState | null = null;
  let closed = false;
  let micWarned = false;
  const listeners = new Set<VolumeListener>();
  let queue: Promise<unknown> = Promise.resolve();

  async function send(next: VolumeState): Promise<void> {
    const was = applied;
    applied = null;
    try {
      // Mute first when muting, unmute last when unmuting: level changes never sound in between.
      if (next.muted && was?.muted !== true) await amp.setMuted(true);
      if (was?.music !== next.music) await amp.setMusicLevel(next.music);
      if (was?.mic !== next.mic) {
        if (amp.hasMic) await amp.setMicLevel(next.mic);
        else if (!micWarned) {
          micWarned = true;
          logger.info({ driver: amp.name }, 'mic level kept in state only: this amp driver has no microphone control');
        }
      }
      if (!next.muted && was?.muted !== false) await amp.setMuted(false);
      applied = next;
    } catch (e) {
      logger.warn({ driver: amp.name, err: e instanceof Error ? e.message : String(e) }, 'amp write failed');
      throw e;
    }
  }

  function enqueue(compute: () => VolumeState): Promise<VolumeState> {
    const run = queue.then(async () => {
      if (closed) throw new Error('volume control is closed');
      const next = compute();
      await send(next);
      const changed = JSON.stringify(next) !== JSON.stringify(current);
      current = next;
      if (changed) for (const l of listeners) l(current);
      return current;
    });
    queue = run.catch(() => undefined);
    return run;
  }

  const initialApply = enqueue(() => current).then(
    () => undefined,
    (e: unknown) => {
      logger.warn({ driver: amp.name, err: e instanceof Error ? e.message : String(e) }, 'initial volume not applied');
    },
  );

  return {
    state: () => ({ ...current }),
    set: (change) => enqueue(() => applyChange(current, change)),
    step: (target, direction) =>
      enqueue(() => applyChange(current, { [target]: stepLevel(current[target], direction) })),
    setMusicMax: (max) => enqueue(() => applyMusicMax(current, max)),
    ready: () => initialApply,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      await queue;
      closed = true;
      listeners.clear();
      await amp.close();
    },
  };
}
