import type { RoomEventInput } from '@ktv/protocol';
import type { Logger } from 'pino';
import type { Catalog, CatalogSong } from '../catalog/types.js';
import { linesAt } from '../lyrics/lines-at.js';
import type { PlayerEvent, PlayerPort } from '../player/player-port.js';
import type { VocalMode } from '../player/vocal-mode.js';
import { applyQueueOp } from '../queue/apply-op.js';
import type { QueueEntry, QueueOp, QueueOptions, QueueState } from '../queue/types.js';
import type { Clock } from '../time/clock.js';
import { type PreparedLyrics, prepareLyrics } from './lyrics-cache.js';
import { type PlayerAction, planAfterOp } from './plan.js';
import { PlaybackError } from './playback-error.js';
import { entryView, type PlayerView } from './player-view.js';
import type { QueueJournal } from './queue-journal.js';

export interface PlaybackServiceOptions {
  player: PlayerPort;
  catalog: Catalog;
  journal: QueueJournal;
  queueOptions: QueueOptions;
  /** Records an event in the outbox (resolves once durable). */
  record: (event: RoomEventInput) => Promise<unknown>;
  clock: Clock;
  logger: Logger;
  /** DATA/lyrics-cache */
  lyricsCacheDir: string;
  /** Makes the song's files local before its lyrics are prepared and it is loaded (the media cache). */
  beforeLoad?: (song: CatalogSong) => Promise<void>;
  /** The store's 原唱/伴唱 default for a song that starts. */
  defaultVocalMode: VocalMode;
  /** 公播 plays at this percentage of the songs' level. */
  backgroundVolumePct: number;
  /** How often the position in the playing song is journaled (ms). */
  positionSaveMs: number;
  /** Least gap between two position pushes to the screens (ms). */
  pushIntervalMs: number;
  newEntryId: () => string;
}

type Loaded =
  | { kind: 'song'; entryId: string; file: string; song: CatalogSong; lyrics: PreparedLyrics | null }
  | { kind: 'background'; index: number; file: string };

export type ChangeKind = 'state' | 'position';

/**
 * The room's playback: owns the queue (journaled), drives the player, records the queue and song
 * events, and gives the screens the `player` view. Requests run one at a time, in order.
 */
export class PlaybackService {
  private chain: Promise<void> = Promise.resolve();
  private loaded: Loaded | null = null;
  /** Where the song being loaded starts: until mpv has it, its position is that, not the last song's. */
  private loadingAtMs: number | null = null;
  private backgroundIndex = 0;
  private baseVolume = 100;
  private readonly listeners = new Set<(kind: ChangeKind) => void>();
  private offPlayer: (() => void) | null = null;
  private cancelSave: (() => void) | null = null;
  private cancelPush: (() => void) | null = null;
  private lastPushAt = Number.NEGATIVE_INFINITY;
  private stopped = false;

  constructor(private readonly o: PlaybackServiceOptions) {}

  private get queue(): QueueState {
    return this.o.journal.image.queue;
  }

  /** Subscribes the player, resumes the saved song at its saved position (or starts 公播). */
  async start(): Promise<void> {
    this.offPlayer = this.o.player.subscribe((e) => this.onPlayerEvent(e));
    this.scheduleSave();
    await this.serial(async () => {
      const current = this.queue.current;
      if (current) {
        this.o.logger.info({ songId: current.songId, positionMs: this.queue.positionMs }, 'resuming song');
        await this.loadSong(current, this.queue.positionMs);
      } else await this.playBackground();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.offPlayer?.();
    this.cancelSave?.();
    this.cancelPush?.();
    await this.chain;
    await this.savePosition();
    this.listeners.clear();
  }

  onChange(listener: (kind: ChangeKind) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- requests (each resolves once journaled, recorded and handed to the player) ----

  /** 点歌 (append) or 优先 (first). */
  enqueue(songId: string, first = false, addedBy?: string): Promise<QueueEntry> {
    return this.serial(async () => {
      const song = this.o.catalog.byId.get(songId);
      if (!song) throw new PlaybackError('KTV_E_SONG_UNKNOWN', `no song ${songId} in the catalog`);
      const entry: QueueEntry = {
        entryId: this.o.newEntryId(),
        songId,
        title: song.title,
        artist: song.artist,
        addedAt: this.o.clock.now(),
      };
      if (addedBy !== undefined) entry.addedBy = addedBy;
      await this.applyOp({ type: first ? 'addFirst' : 'add', entry });
      return entry;
    });
  }

  remove(entryId: string): Promise<void> {
    return this.serial(() => this.applyOp({ type: 'remove', entryId }));
  }

  move(entryId: string, toIndex: number): Promise<void> {
    return this.serial(() => this.applyOp({ type: 'move', entryId, toIndex }));
  }

  moveToFront(entryId: string): Promise<void> {
    return this.serial(() => this.applyOp({ type: 'moveToFront', entryId }));
  }

  skip(): Promise<void> {
    return this.serial(() => this.applyOp({ type: 'skip' }));
  }

  /**
   * The guests have left: 已点 is cleared and the song playing ends (song.ended `skipped`), so the
   * room falls back to 公播 for the staff and the next guests. Each step is an ordinary queue op,
   * journaled and recorded like a guest's.
   */
  clearForNextGuests(): Promise<void> {
    return this.serial(async () => {
      await this.applyOp({ type: 'clear' });
      if (this.queue.current) await this.applyOp({ type: 'skip' });
    });
  }

  replay(): Promise<void> {
    return this.serial(() => this.applyOp({ type: 'replay' }));
  }

  pause(): Promise<void> {
    return this.serial(async () => {
      this.requirePlaying();
      await this.o.player.pause();
      this.emit('state');
    });
  }

  resume(): Promise<void> {
    return this.serial(async () => {
      this.requirePlaying();
      await this.o.player.resume();
      this.emit('state');
    });
  }

  /** 原唱 / 伴唱 for the playing song: switched at once (position kept), then journaled. */
  setVocalMode(mode: VocalMode): Promise<void> {
    return this.serial(async () => {
      const current = this.requirePlaying();
      await this.o.player.setVocalMode(mode);
      await this.o.journal.append({ k: 'vocal', entryId: current.entryId, mode });
      this.emit('state');
    });
  }

  /**
   * The songs' level on the player (0..100) when the player's own volume is the music volume;
   * 公播 plays at backgroundVolumePct of it.
   */
  async setBaseVolume(volume: number): Promise<void> {
    this.baseVolume = volume;
    await this.applyVolume();
  }

  // ---- what the screens see ----

  view(): PlayerView {
    const q = this.queue;
    const status = this.o.player.status();
    const loaded = this.loaded;
    const playingCurrent = loaded?.kind === 'song' && loaded.entryId === q.current?.entryId;
    const positionMs = playingCurrent
      ? this.songPositionMs()
      : loaded?.kind === 'background'
        ? status.positionMs
        : q.positionMs;
    const song = q.current ? this.o.catalog.byId.get(q.current.songId) : undefined;
    const durationMs =
      loaded?.kind === 'background'
        ? (status.durationMs ?? this.o.catalog.backgroundPlaylist[loaded.index]?.durationMs ?? 0)
        : ((playingCurrent ? status.durationMs : null) ?? song?.durationMs ?? 0);
    const lyrics = playingCurrent && loaded.lyrics ? linesAt(loaded.lyrics.lyrics, positionMs) : null;
    return {
      current: q.current ? entryView(q.current) : null,
      upcoming: q.upcoming.map(entryView),
      positionMs,
      durationMs,
      paused: status.paused,
      vocalMode: q.current ? this.vocalModeOf(q.current) : this.o.defaultVocalMode,
      background: loaded?.kind === 'background',
      lyrics: { current: lyrics?.current?.text ?? null, next: lyrics?.next?.text ?? null },
    };
  }

  /** Resolves when every request handed in so far is done (tests). */
  idle(): Promise<void> {
    return this.chain;
  }

  // ---- inside the chain ----

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.chain.then(work);
    this.chain = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private requirePlaying(): QueueEntry {
    const current = this.queue.current;
    if (!current) throw new PlaybackError('KTV_E_QUEUE_NOTHING_PLAYING', 'nothing is playing');
    return current;
  }

  private vocalModeOf(entry: QueueEntry): VocalMode {
    return this.o.journal.image.vocals.get(entry.entryId) ?? this.o.defaultVocalMode;
  }

  private playedMs(): number {
    const loaded = this.loaded;
    if (loaded?.kind === 'song' && loaded.entryId === this.queue.current?.entryId) return this.songPositionMs();
    return this.queue.positionMs;
  }

  /** The loaded song's position: while mpv is still loading it, the start asked for (mpv still reports the last file's). */
  private songPositionMs(): number {
    return this.loadingAtMs ?? this.o.player.status().positionMs;
  }

  /** Applies, journals, records the events, then moves the player. Refusals throw PlaybackError. */
  private async applyOp(op: QueueOp, endReason?: 'eof' | 'error'): Promise<void> {
    const before = this.queue;
    const result = applyQueueOp(before, op, this.o.queueOptions);
    if (result.error) throw new PlaybackError(result.error.code, result.error.message);
    if (!result.changed) return;
    const playedMs = this.playedMs();
    await this.o.journal.append({ k: 'op', op });
    const plan = planAfterOp({
      op,
      before,
      after: this.queue,
      playedMs,
      ...(endReason ? { endReason } : {}),
      vocalModeOf: (e) => this.vocalModeOf(e),
    });
    // Each record() takes its seq at once, so the events keep this order; they are written together.
    await Promise.all(plan.events.map((e) => this.o.record(e)));
    this.emit('state');
    await this.perform(plan.action);
  }

  private async perform(action: PlayerAction): Promise<void> {
    switch (action.kind) {
      case 'none':
        return;
      case 'load':
        await this.loadSong(action.entry, 0);
        return;
      case 'restart':
        if (this.loaded?.kind === 'song' && this.loaded.entryId === action.entry.entryId) {
          await this.o.player.seek(0);
          if (this.o.player.status().paused) await this.o.player.resume();
        } else await this.loadSong(action.entry, 0);
        this.emit('state');
        return;
      case 'background':
        await this.playBackground();
        return;
    }
  }

  private async loadSong(entry: QueueEntry, startMs: number): Promise<void> {
    const song = this.o.catalog.byId.get(entry.songId);
    if (!song) {
      this.o.logger.error({ songId: entry.songId }, 'queued song is not in the catalog; skipped');
      await this.failCurrent(entry);
      return;
    }
    await this.o.beforeLoad?.(song);
    const lyrics = await prepareLyrics(song, this.o.lyricsCacheDir, this.o.logger);
    this.loaded = { kind: 'song', entryId: entry.entryId, file: song.media, song, lyrics };
    this.loadingAtMs = startMs;
    try {
      await this.o.player.setVolume(this.baseVolume);
      await this.o.player.load(song.media, {
        startMs,
        vocalMode: this.vocalModeOf(entry),
        ...(song.vocals ? { vocals: song.vocals } : {}),
        ...(lyrics ? { subFile: lyrics.assFile } : {}),
      });
    } catch (e) {
      this.o.logger.error({ songId: song.id, err: (e as Error).message }, 'song failed to load; skipped');
      this.loaded = null;
      await this.failCurrent(entry);
      return;
    } finally {
      this.loadingAtMs = null;
    }
    this.emit('state');
  }

  /** The playing entry cannot play: it ends with reason error and the next one starts. */
  private async failCurrent(entry: QueueEntry): Promise<void> {
    if (this.queue.current?.entryId !== entry.entryId) return;
    await this.applyOp({ type: 'songEnded', entryId: entry.entryId }, 'error');
  }

  private async playBackground(tries = 0): Promise<void> {
    const clips = this.o.catalog.backgroundPlaylist;
    if (clips.length === 0 || tries >= clips.length || this.stopped) {
      this.loaded = null;
      await this.o.player.stop();
      this.emit('state');
      return;
    }
    const index = this.backgroundIndex % clips.length;
    const clip = clips[index];
    if (!clip) return;
    this.loaded = { kind: 'background', index, file: clip.media };
    try {
      await this.applyVolume();
      await this.o.player.load(clip.media);
    } catch (e) {
      this.o.logger.warn({ clip: clip.id, err: (e as Error).message }, 'background clip failed to load');
      this.backgroundIndex = index + 1;
      await this.playBackground(tries + 1);
      return;
    }
    this.emit('state');
  }

  private async applyVolume(): Promise<void> {
    const background = this.loaded?.kind === 'background';
    const volume = background ? (this.baseVolume * this.o.backgroundVolumePct) / 100 : this.baseVolume;
    await this.o.player.setVolume(volume);
  }

  // ---- player events and timers ----

  private onPlayerEvent(e: PlayerEvent): void {
    if (this.stopped) return;
    switch (e.type) {
      case 'position':
        this.schedulePush();
        return;
      case 'ended':
        this.onEnded(e.file, e.reason);
        return;
      case 'restarted':
        this.o.logger.warn({ file: e.file, resumedAtMs: e.resumedAtMs }, 'player restarted; song resumed');
        this.emit('state');
        return;
      case 'paused':
      case 'vocalMode':
      case 'duration':
        this.emit('state');
        return;
      default:
        return;
    }
  }

  private onEnded(file: string, reason: 'eof' | 'error'): void {
    const loaded = this.loaded;
    if (!loaded || loaded.file !== file) return;
    if (loaded.kind === 'background') {
      void this.serial(async () => {
        if (this.loaded !== loaded) return;
        this.backgroundIndex = loaded.index + 1;
        await this.playBackground();
      });
      return;
    }
    this.serial(async () => {
      if (this.loaded !== loaded) return; // already skipped
      await this.applyOp({ type: 'songEnded', entryId: loaded.entryId }, reason);
    }).catch((err: unknown) => this.o.logger.warn({ err: (err as Error).message }, 'end of song not applied'));
  }

  private scheduleSave(): void {
    if (this.stopped) return;
    this.cancelSave = this.o.clock.setTimeout(() => {
      this.serial(() => this.savePosition())
        .catch((err: unknown) => this.o.logger.warn({ err: (err as Error).message }, 'position not saved'))
        .finally(() => this.scheduleSave());
    }, this.o.positionSaveMs);
  }

  /** Journals the position in the playing song (appended; an unchanged position writes nothing). */
  private async savePosition(): Promise<void> {
    const loaded = this.loaded;
    const current = this.queue.current;
    if (loaded?.kind !== 'song' || !current || loaded.entryId !== current.entryId) return;
    const positionMs = Math.round(this.songPositionMs());
    const result = applyQueueOp(this.queue, { type: 'setPosition', entryId: current.entryId, positionMs });
    if (!result.changed) return;
    await this.o.journal.append({ k: 'op', op: { type: 'setPosition', entryId: current.entryId, positionMs } });
  }

  private schedulePush(): void {
    if (this.cancelPush) return;
    const wait = Math.max(0, this.lastPushAt + this.o.pushIntervalMs - this.o.clock.now());
    this.cancelPush = this.o.clock.setTimeout(() => {
      this.cancelPush = null;
      this.lastPushAt = this.o.clock.now();
      this.emit('position');
    }, wait);
  }

  private emit(kind: ChangeKind): void {
    for (const l of this.listeners) l(kind);
  }
}
