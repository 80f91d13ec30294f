import { type Clock, systemClock } from '../time/clock.js';
import {
  clampVolume,
  isOverlayId,
  type LoadOptions,
  type Overlay,
  type OverlayId,
  PlayerError,
  type PlayerEvent,
  type PlayerListener,
  type PlayerPort,
  type PlayerStatus,
} from './player-port.js';
import type { VocalMode } from './vocal-mode.js';

export interface SimPlayerOptions {
  clock?: Clock;
  /** A file's length in ms, or null if it cannot be played (e.g. from the catalog's durationMs). */
  durationOf: (file: string) => number | null;
  /** How often position events come while playing (ms). */
  tickMs?: number;
  initialVolume?: number;
  vocalMode?: VocalMode;
}

/** The player's simulated twin: no video, no sound, a clock that moves the position. */
export class SimPlayer implements PlayerPort {
  private readonly listeners = new Set<PlayerListener>();
  private readonly clock: Clock;
  private readonly tickMs: number;
  private state: PlayerStatus;
  /** Position at `since` (while playing, position = basePositionMs + now - since). */
  private basePositionMs = 0;
  private since = 0;
  private cancelTick: (() => void) | null = null;
  private readonly overlays = new Map<OverlayId, Overlay>();

  constructor(private readonly options: SimPlayerOptions) {
    this.clock = options.clock ?? systemClock;
    this.tickMs = options.tickMs ?? 100;
    this.state = {
      file: null,
      positionMs: 0,
      durationMs: null,
      paused: false,
      idle: true,
      volume: clampVolume(options.initialVolume ?? 100),
      vocalMode: options.vocalMode ?? 'vocalsOn',
    };
  }

  status(): PlayerStatus {
    if (this.state.file !== null) this.state.positionMs = this.positionNow();
    return { ...this.state };
  }

  subscribe(listener: PlayerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async load(file: string, options: LoadOptions = {}): Promise<void> {
    const durationMs = this.options.durationOf(file);
    if (durationMs === null) throw new PlayerError('KTV_E_PLAYER_LOAD', `${file}: cannot be played`);
    this.halt();
    const positionMs = Math.min(Math.max(0, options.startMs ?? 0), durationMs);
    const paused = options.paused ?? false;
    const wasIdle = this.state.idle;
    this.state = {
      ...this.state,
      file,
      durationMs,
      positionMs,
      paused,
      idle: false,
      vocalMode: options.vocalMode ?? this.state.vocalMode,
    };
    this.basePositionMs = positionMs;
    this.since = this.clock.now();
    if (wasIdle) this.emit({ type: 'idle', idle: false });
    this.emit({ type: 'duration', durationMs });
    this.emit({ type: 'loaded', file, positionMs });
    if (!paused) this.run();
  }

  async pause(): Promise<void> {
    if (this.state.file !== null) {
      this.freeze();
      this.halt();
    }
    this.state.paused = true;
    this.emit({ type: 'paused', paused: true });
  }

  async resume(): Promise<void> {
    this.state.paused = false;
    if (this.state.file !== null) {
      this.since = this.clock.now();
      this.run();
    }
    this.emit({ type: 'paused', paused: false });
  }

  async seek(ms: number): Promise<void> {
    if (this.state.file === null || this.state.durationMs === null) return;
    this.basePositionMs = Math.min(Math.max(0, Math.round(ms)), this.state.durationMs);
    this.since = this.clock.now();
    this.state.positionMs = this.basePositionMs;
    this.emit({ type: 'position', positionMs: this.basePositionMs });
    if (!this.state.paused) this.run();
  }

  async stop(): Promise<void> {
    this.halt();
    const wasIdle = this.state.idle;
    this.state = { ...this.state, file: null, positionMs: 0, durationMs: null, idle: true };
    if (!wasIdle) this.emit({ type: 'idle', idle: true });
  }

  async setVolume(volume: number): Promise<void> {
    this.state.volume = clampVolume(volume);
  }

  async setVocalMode(mode: VocalMode): Promise<void> {
    this.state.vocalMode = mode;
    this.emit({ type: 'vocalMode', vocalMode: mode });
  }

  async setOverlay(id: OverlayId, overlay: Overlay | null): Promise<void> {
    if (!isOverlayId(id)) throw new PlayerError('KTV_E_PLAYER_STATE', `overlay id ${id} is not 0..63`);
    if (overlay === null) this.overlays.delete(id);
    else this.overlays.set(id, { ...overlay });
  }

  overlay(id: OverlayId): Overlay | null {
    const o = this.overlays.get(id);
    return o ? { ...o } : null;
  }

  async close(): Promise<void> {
    this.halt();
    this.listeners.clear();
  }

  private positionNow(): number {
    if (this.state.paused || this.cancelTick === null) return this.state.positionMs;
    const p = this.basePositionMs + (this.clock.now() - this.since);
    return Math.min(p, this.state.durationMs ?? p);
  }

  private freeze(): void {
    this.state.positionMs = this.positionNow();
    this.basePositionMs = this.state.positionMs;
    this.since = this.clock.now();
  }

  private run(): void {
    this.halt();
    const duration = this.state.durationMs ?? 0;
    const untilEnd = duration - this.positionNowFrom();
    const wait = Math.max(0, Math.min(this.tickMs, untilEnd));
    this.cancelTick = this.clock.setTimeout(() => this.tick(), wait);
  }

  /** Position while (about to be) playing, ignoring whether the tick timer is set. */
  private positionNowFrom(): number {
    return Math.min(this.basePositionMs + (this.clock.now() - this.since), this.state.durationMs ?? 0);
  }

  private tick(): void {
    this.cancelTick = null;
    const file = this.state.file;
    if (file === null) return;
    this.state.positionMs = this.positionNowFrom();
    if (this.state.durationMs !== null && this.state.positionMs >= this.state.durationMs) {
      this.state = { ...this.state, file: null, idle: true };
      this.emit({ type: 'ended', file, reason: 'eof' });
      this.emit({ type: 'idle', idle: true });
      return;
    }
    this.emit({ type: 'position', positionMs: this.state.positionMs });
    this.run();
  }

  private halt(): void {
    this.cancelTick?.();
    this.cancelTick = null;
  }

  private emit(event: PlayerEvent): void {
    for (const l of this.listeners) l(event);
  }
}
