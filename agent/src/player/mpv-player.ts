import { type Clock, systemClock } from '../time/clock.js';
import { LoadWaiter } from './load-waiter.js';
import {
  loadfileCommand,
  msToSeconds,
  osdOverlayCommand,
  seekAbsoluteCommand,
  setAudioFiltersCommand,
  stopCommand,
  subAddCommand,
} from './mpv-commands.js';
import { MpvError } from './mpv-error.js';
import { nextMpvEvent } from './mpv-event-wait.js';
import type { MpvIpcClient } from './mpv-ipc.js';
import type { MpvEvent } from './mpv-messages.js';
import { MpvSupervisor, type MpvSupervisorOptions } from './mpv-supervisor.js';
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
import { audioFilterChain, type VocalMode, vocalSettings } from './vocal-mode.js';

export interface MpvPlayerOptions extends MpvSupervisorOptions {
  initialVolume?: number;
  /** The store's default 原唱/伴唱 mode. */
  vocalMode?: VocalMode;
  /** Minimum gap between two position events (ms). */
  positionIntervalMs?: number;
  loadTimeoutMs?: number;
}

interface Current {
  file: string;
  options: LoadOptions;
  entryId: number | null;
}

/** The PlayerPort on a real mpv, which it starts, supervises and resumes after a crash. */
export class MpvPlayer implements PlayerPort {
  private readonly listeners = new Set<PlayerListener>();
  private readonly clock: Clock;
  private client: MpvIpcClient | null = null;
  private current: Current | null = null;
  private loading = 0;
  private lastPositionEventAt = Number.NEGATIVE_INFINITY;
  private state: PlayerStatus;
  /** What each overlay shows; drawn again on a new mpv (overlays belong to the IPC connection). */
  private readonly overlays = new Map<OverlayId, Overlay>();

  private constructor(
    readonly supervisor: MpvSupervisor,
    private readonly options: MpvPlayerOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.state = {
      file: null,
      positionMs: 0,
      durationMs: null,
      paused: false,
      idle: true,
      volume: clampVolume(options.initialVolume ?? 100),
      vocalMode: options.vocalMode ?? 'vocalsOn',
    };
    supervisor.on('restarted', (client) => {
      void this.resumeAfterRestart(client);
    });
  }

  static async start(options: MpvPlayerOptions): Promise<MpvPlayer> {
    const supervisor = new MpvSupervisor(options);
    const player = new MpvPlayer(supervisor, options);
    const client = await supervisor.start();
    await player.attach(client);
    return player;
  }

  status(): PlayerStatus {
    return { ...this.state };
  }

  subscribe(listener: PlayerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async load(file: string, options: LoadOptions = {}): Promise<void> {
    const client = this.requireClient();
    const token = ++this.loading;
    const vocalMode = options.vocalMode ?? this.state.vocalMode;
    const settings = vocalSettings(options.vocals, vocalMode);
    const aid = options.audioTrack ?? settings.aid;
    const startMs = Math.max(0, options.startMs ?? 0);
    const paused = options.paused ?? false;
    this.current = { file, options: { ...options, vocalMode, paused }, entryId: null };
    const waiter = new LoadWaiter(client, file);
    try {
      // Paused until the lyrics are in, so that no frame is drawn without them.
      await client.setProperty('pause', true);
      await client.command(setAudioFiltersCommand(audioFilterChain(settings)));
      const fileOptions: Record<string, string> = { aid: aid === null ? 'auto' : String(aid) };
      if (startMs > 0) fileOptions.start = String(msToSeconds(startMs));
      const reply = await client.command(loadfileCommand(file, 'replace', fileOptions));
      const entryId = readEntryId(reply);
      if (this.current?.file === file) this.current.entryId = entryId;
      await waiter.wait(entryId, this.clock, this.options.loadTimeoutMs ?? 10_000);
      if (options.subFile) await client.command(subAddCommand(options.subFile));
      if (!paused) await client.setProperty('pause', false);
    } catch (err) {
      waiter.cancel();
      if (token === this.loading) this.current = null;
      if (err instanceof PlayerError) throw err;
      throw new PlayerError('KTV_E_PLAYER_LOAD', `${file}: ${(err as Error).message}`);
    } finally {
      if (token === this.loading) this.loading = 0;
    }
    this.state = { ...this.state, file, positionMs: startMs, paused, idle: false, vocalMode };
    this.lastPositionEventAt = this.clock.now();
    this.emit({ type: 'loaded', file, positionMs: startMs });
  }

  async pause(): Promise<void> {
    await this.setPaused(true);
  }

  async resume(): Promise<void> {
    await this.setPaused(false);
  }

  async seek(ms: number): Promise<void> {
    const target = Math.max(0, Math.round(ms));
    if (!this.current) return;
    this.state.positionMs = target;
    await this.apply(async (c) => {
      // Resolves when mpv has reached the target, so that the position read next is the new one.
      const done = nextMpvEvent(c, 'playback-restart', this.clock, 3000);
      done.catch(() => undefined);
      await c.command(seekAbsoluteCommand(target));
      await done;
      const at = await c.getProperty('time-pos');
      if (at !== null) this.state.positionMs = Math.round(at * 1000);
    });
    this.emitPosition(true);
  }

  async stop(): Promise<void> {
    this.current = null;
    this.state = { ...this.state, file: null, positionMs: 0, durationMs: null };
    await this.apply((c) => c.command(stopCommand()));
  }

  async setVolume(volume: number): Promise<void> {
    this.state.volume = clampVolume(volume);
    await this.apply((c) => c.setProperty('volume', this.state.volume));
  }

  async setVocalMode(mode: VocalMode): Promise<void> {
    this.state.vocalMode = mode;
    const current = this.current;
    if (current) current.options = { ...current.options, vocalMode: mode };
    const vocals = current?.options.vocals;
    if (current && vocals) {
      const settings = vocalSettings(vocals, mode);
      if (vocals.kind === 'track' && settings.aid !== null && current.options.audioTrack === undefined) {
        await this.apply((c) => c.setProperty('aid', settings.aid));
      } else if (vocals.kind === 'channel') {
        await this.apply((c) => c.command(setAudioFiltersCommand(audioFilterChain(settings))));
      }
    }
    this.emit({ type: 'vocalMode', vocalMode: mode });
  }

  async setOverlay(id: OverlayId, overlay: Overlay | null): Promise<void> {
    if (!isOverlayId(id)) throw new PlayerError('KTV_E_PLAYER_STATE', `overlay id ${id} is not 0..63`);
    if (overlay === null) this.overlays.delete(id);
    else this.overlays.set(id, { ...overlay });
    await this.apply((c) => c.command(osdOverlayCommand(id, overlay)));
  }

  overlay(id: OverlayId): Overlay | null {
    const o = this.overlays.get(id);
    return o ? { ...o } : null;
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.supervisor.stop();
    this.client = null;
  }

  private async setPaused(paused: boolean): Promise<void> {
    this.state.paused = paused;
    if (this.current) this.current.options = { ...this.current.options, paused };
    await this.apply((c) => c.setProperty('pause', paused));
    this.emit({ type: 'paused', paused });
  }

  /** Sends to mpv if it is there; while it restarts, the state is kept and applied on resume. */
  private async apply(send: (client: MpvIpcClient) => Promise<unknown>): Promise<void> {
    const client = this.client;
    if (!client || client.closed) return;
    try {
      await send(client);
    } catch (err) {
      if (err instanceof MpvError && err.code === 'KTV_E_MPV_CLOSED') return;
      throw err;
    }
  }

  private requireClient(): MpvIpcClient {
    if (!this.client || this.client.closed) throw new PlayerError('KTV_E_PLAYER_STATE', 'mpv is restarting');
    return this.client;
  }

  private async attach(client: MpvIpcClient): Promise<void> {
    this.client = client;
    client.onEvent((e) => this.onMpvEvent(e));
    await client.setProperty('volume', this.state.volume);
    await client.observeProperty('time-pos', (v) => {
      if (v === null || this.loading !== 0 || !this.current) return;
      this.state.positionMs = Math.round(v * 1000);
      this.emitPosition(false);
    });
    await client.observeProperty('duration', (v) => {
      if (v === null || this.loading !== 0 || !this.current) return;
      this.state.durationMs = Math.round(v * 1000);
      this.emit({ type: 'duration', durationMs: this.state.durationMs });
    });
    await client.observeProperty('idle-active', (idle) => {
      if (idle === this.state.idle) return;
      this.state.idle = idle;
      this.emit({ type: 'idle', idle });
    });
  }

  private onMpvEvent(e: MpvEvent): void {
    if (e.event !== 'end-file') return;
    const current = this.current;
    if (!current || current.entryId === null || e.fields.playlist_entry_id !== current.entryId) return;
    const reason = e.fields.reason;
    if (reason !== 'eof' && reason !== 'error') return;
    this.current = null;
    if (reason === 'eof' && this.state.durationMs !== null) this.state.positionMs = this.state.durationMs;
    this.state.file = null;
    this.emit({ type: 'ended', file: current.file, reason });
  }

  private async resumeAfterRestart(client: MpvIpcClient): Promise<void> {
    await this.attach(client);
    for (const [id, overlay] of this.overlays) {
      await this.apply((c) => c.command(osdOverlayCommand(id, overlay))).catch(() => undefined);
    }
    const current = this.current;
    let resumedAtMs: number | null = null;
    if (current) {
      resumedAtMs = this.state.positionMs;
      try {
        await this.load(current.file, { ...current.options, startMs: resumedAtMs, paused: this.state.paused });
      } catch {
        resumedAtMs = null;
      }
    }
    this.emit({ type: 'restarted', file: current?.file ?? null, resumedAtMs });
  }

  private emitPosition(force: boolean): void {
    const now = this.clock.now();
    if (!force && now - this.lastPositionEventAt < (this.options.positionIntervalMs ?? 100)) return;
    this.lastPositionEventAt = now;
    this.emit({ type: 'position', positionMs: this.state.positionMs });
  }

  private emit(event: PlayerEvent): void {
    for (const l of this.listeners) l(event);
  }
}

function readEntryId(reply: unknown): number {
  if (typeof reply === 'object' && reply !== null && 'playlist_entry_id' in reply) {
    const id = reply.playlist_entry_id;
    if (typeof id === 'number') return id;
  }
  throw new PlayerError('KTV_E_PLAYER_LOAD', `loadfile gave no playlist entry id: ${JSON.stringify(reply)}`);
}
