import {
  defaultSceneSettings,
  GUEST_SCENES,
  type GuestScene,
  type RoomEventInput,
  type RoomPowerState,
  SCENE_NAMES,
  type SceneName,
  type SceneSettings,
} from '@ktv/protocol';
import type { Logger } from 'pino';
import type { Clock } from '../time/clock.js';
import { sceneFrameAt } from './beat.js';
import type { PowerDevices } from './devices.js';
import type { PowerFile, PowerStore } from './power-store.js';
import {
  type ActivitySource,
  guestsLeft,
  idleDeadline,
  initialPowerState,
  inUse,
  isOn,
  normalised,
  type PowerInput,
  type PowerState,
  type PowerStep,
  step,
} from './rules.js';

export interface PowerControllerOptions {
  clock: Clock;
  devices: PowerDevices;
  store: PowerStore;
  /** Records an event in the outbox (power.changed). */
  record: (event: RoomEventInput) => Promise<unknown>;
  logger: Logger;
  /** The playing song's tempo, or null (no song, or the catalog does not know it). */
  bpm?: () => number | null;
  /** Retry after a failed device: first delay and cap (ms). */
  retryMs?: { first: number; max: number };
}

type Device = 'tv' | 'amp' | 'lights';

/**
 * Applies the power rules to the room's devices. Inputs go through `input()`; the controller
 * keeps the rules' state (persisted), sets each device only when its wanted value differs from
 * what it last applied (idempotent), retries a failed device with backoff until it takes the
 * value (logging each failure once per fault), runs the idle timer on the injected clock, flashes
 * the party scene to the song's beat, and records `power.changed` when the room's power or use
 * changes.
 */
export class PowerController {
  private state: PowerState;
  private scenes: SceneSettings = defaultSceneSettings();
  /** What each device holds now, as far as we know (undefined: never set since start). */
  private applied: { tv?: boolean; amp?: boolean; lights?: string } = {};
  private readonly faults = new Map<Device, string>();
  private retryDelay = new Map<Device, number>();
  private cancelRetry: (() => void) | undefined;
  private cancelIdle: (() => void) | undefined;
  private cancelBeat: (() => void) | undefined;
  private beatSince = 0;
  private lastBpm: number | null = null;
  /**
   * The last power.changed recorded. A box starts dark, and `agent.started` already tells the
   * gateway that whatever was on before is over: a start that stays dark records nothing.
   */
  private reported: string | undefined = JSON.stringify({
    on: false,
    tv: false,
    amp: false,
    scene: 'off',
    inUse: false,
  });
  private running = false;
  private applying: Promise<void> = Promise.resolve();
  private lastSave: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<() => void>();
  private readonly guestsLeftListeners = new Set<() => void>();

  constructor(private readonly o: PowerControllerOptions) {
    this.state = initialPowerState(o.clock.now(), this.scenes.idleMinutes);
  }

  /** Restores the last state and scenes from disk and brings the devices to it. */
  async start(): Promise<void> {
    const saved = await this.o.store.load();
    if (saved) {
      if (saved.scenes) this.scenes = saved.scenes;
      this.state = normalised(restoredState(saved.state, this.o.clock.now()));
    } else {
      this.state = initialPowerState(this.o.clock.now(), this.scenes.idleMinutes);
    }
    this.running = true;
    // A saved state may have gone idle while the box was off.
    const r = step(this.state, { kind: 'tick', at: this.o.clock.now() });
    this.state = r.state;
    await this.commit();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.cancelIdle?.();
    this.cancelRetry?.();
    this.cancelBeat?.();
    await this.applying;
    await this.lastSave; // a stopped room box leaves no write behind in its data folder
    this.listeners.clear();
    this.guestsLeftListeners.clear();
  }

  /** What the room reports in its state and shows on the touchscreen. */
  view(): RoomPowerState & { inUse: boolean; guestScene: GuestScene | null } {
    const fault = [...this.faults.values()][0] ?? null;
    return {
      on: isOn(this.state),
      tv: this.state.tv,
      amp: this.state.amp,
      scene: this.state.scene,
      reason: this.state.reason,
      fault,
      inUse: inUse(this.state),
      guestScene: this.state.guestScene,
    };
  }

  get sceneSettings(): SceneSettings {
    return this.scenes;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Told when the guests have left (checkout, or another session straight after): reset the room. */
  onGuestsLeft(listener: () => void): () => void {
    this.guestsLeftListeners.add(listener);
    return () => this.guestsLeftListeners.delete(listener);
  }

  /** Feeds one input to the rules and applies the outcome. */
  async input(input: PowerInput): Promise<PowerStep> {
    const before = this.state;
    const r = step(before, input);
    this.state = r.state;
    if (r.ok) await this.commit();
    if (r.ok && this.running && guestsLeft(before, r.state)) {
      this.o.logger.info({ sessionId: before.sessionId }, 'guests left: the room is made ready for the next ones');
      for (const l of this.guestsLeftListeners) l();
    }
    return r;
  }

  session(sessionId: string | null): Promise<PowerStep> {
    return this.input({ kind: 'session', sessionId, at: this.o.clock.now() });
  }

  activity(source: ActivitySource): Promise<PowerStep> {
    return this.input({ kind: 'activity', source, at: this.o.clock.now() });
  }

  requestScene(scene: GuestScene): Promise<PowerStep> {
    return this.input({ kind: 'sceneRequest', scene, at: this.o.clock.now() });
  }

  /** New scenes from the gateway: kept when newer than ours; the lights follow at once. */
  async setScenes(settings: SceneSettings): Promise<boolean> {
    if (settings.version < this.scenes.version) return false;
    if (JSON.stringify(settings) === JSON.stringify(this.scenes)) return false;
    this.scenes = settings;
    this.applied.lights = undefined;
    this.o.logger.info({ version: settings.version, idleMinutes: settings.idleMinutes }, 'light scenes updated');
    await this.input({ kind: 'idleMinutes', minutes: settings.idleMinutes, at: this.o.clock.now() });
    await this.commit();
    return true;
  }

  /** The playing song changed: the party scene follows its tempo from the start of the song. */
  async songChanged(): Promise<void> {
    const bpm = this.o.bpm?.() ?? null;
    if (bpm === this.lastBpm && bpm === null) return;
    this.lastBpm = bpm;
    this.beatSince = this.o.clock.now();
    this.cancelBeat?.();
    this.cancelBeat = undefined;
    await this.commit();
  }

  /** Persists, reports, applies and re-arms the timers after the state changed. */
  private async commit(): Promise<void> {
    if (!this.running) return;
    // The store writes in call order: waiting for the newest save waits for all before it.
    const saved = this.o.store
      .save({ version: 1, state: this.state, scenes: this.scenes })
      .catch((e: unknown) => this.o.logger.warn({ err: e }, 'room power state not saved'));
    this.lastSave = saved;
    await saved;
    await this.report();
    this.armIdle();
    await this.reconcile();
    for (const l of this.listeners) l();
  }

  private async report(): Promise<void> {
    const data = {
      on: isOn(this.state),
      tv: this.state.tv,
      amp: this.state.amp,
      scene: this.state.scene,
      inUse: inUse(this.state),
    };
    const key = JSON.stringify(data);
    if (key === this.reported) return;
    this.reported = key;
    this.o.logger.info({ ...data, reason: this.state.reason }, 'room power');
    await this.o
      .record({ type: 'power.changed', data: { ...data, reason: this.state.reason } })
      .catch((e: unknown) => this.o.logger.error({ err: e }, 'power.changed not recorded'));
  }

  private armIdle(): void {
    this.cancelIdle?.();
    this.cancelIdle = undefined;
    const deadline = idleDeadline(this.state);
    if (deadline === null) return;
    this.cancelIdle = this.o.clock.setTimeout(
      () => {
        this.cancelIdle = undefined;
        void this.input({ kind: 'tick', at: this.o.clock.now() });
      },
      Math.max(0, deadline - this.o.clock.now()),
    );
  }

  /**
   * The look to show now, and for how long (the party scene's beat). Light relays named in any
   * scene are switched by every scene: on where the scene says so, off otherwise.
   */
  private look(scene: SceneName): {
    levels: Readonly<Record<string, number>>;
    relays: Record<string, boolean>;
    holdMs: number | null;
  } {
    const s = this.scenes.scenes[scene];
    const bpm = this.o.bpm?.() ?? null;
    const frame = sceneFrameAt(s, bpm, this.o.clock.now() - this.beatSince);
    const names = new Set(Object.values(this.scenes.scenes).flatMap((x) => Object.keys(x.relays)));
    const relays = Object.fromEntries([...names].sort().map((n) => [n, s.relays[n] ?? false]));
    return { levels: frame.levels, relays, holdMs: frame.holdMs };
  }

  /** Brings every device to the state, one at a time, each only when it differs. */
  private reconcile(): Promise<void> {
    const run = this.applying.then(() => this.reconcileNow());
    this.applying = run.catch(() => undefined);
    return run;
  }

  private async reconcileNow(): Promise<void> {
    if (!this.running) return;
    const { tv, amp, scene } = this.state;
    // Lights first when switching on (the guests walk into a lit room), last when switching off.
    const order: Device[] = tv || amp ? ['lights', 'tv', 'amp'] : ['tv', 'amp', 'lights'];
    let failed = false;
    for (const device of order) {
      try {
        if (device === 'tv' && this.applied.tv !== tv) {
          await this.o.devices.setTv(tv);
          this.applied.tv = tv;
        } else if (device === 'amp' && this.applied.amp !== amp) {
          await this.o.devices.setAmp(amp);
          this.applied.amp = amp;
        } else if (device === 'lights') {
          const look = this.look(scene);
          const key = JSON.stringify([look.levels, look.relays]);
          if (this.applied.lights !== key) {
            await this.o.devices.setLights(look.levels, look.relays);
            this.applied.lights = key;
          }
          this.armBeat(look.holdMs);
        }
        this.cleared(device);
      } catch (e) {
        failed = true;
        this.failedOnce(device, e);
      }
    }
    if (failed) this.armRetry();
  }

  private armBeat(holdMs: number | null): void {
    this.cancelBeat?.();
    this.cancelBeat = undefined;
    if (holdMs === null || !this.running) return;
    this.cancelBeat = this.o.clock.setTimeout(() => {
      this.cancelBeat = undefined;
      void this.reconcile();
    }, holdMs);
  }

  private failedOnce(device: Device, e: unknown): void {
    const err = e as Error & { code?: string };
    const message = `${device}: ${err.code ?? 'error'} ${err.message}`;
    if (this.faults.get(device) !== message) {
      this.o.logger.warn({ device, code: err.code, err: err.message }, 'room power device failed; retrying');
      this.faults.set(device, message);
      for (const l of this.listeners) l();
    }
  }

  private cleared(device: Device): void {
    if (!this.faults.has(device)) return;
    this.faults.delete(device);
    this.retryDelay.delete(device);
    this.o.logger.info({ device }, 'room power device recovered');
    for (const l of this.listeners) l();
  }

  private armRetry(): void {
    if (this.cancelRetry || !this.running) return;
    const { first, max } = this.o.retryMs ?? { first: 1000, max: 30_000 };
    const worst = Math.max(...[...this.faults.keys()].map((d) => this.retryDelay.get(d) ?? first));
    for (const d of this.faults.keys()) this.retryDelay.set(d, Math.min(max, (this.retryDelay.get(d) ?? first) * 2));
    this.cancelRetry = this.o.clock.setTimeout(() => {
      this.cancelRetry = undefined;
      void this.reconcile();
    }, worst);
  }
}

/** A saved state from disk, with anything a newer or older agent may have written replaced by safe values. */
function restoredState(saved: PowerFile['state'], now: number): PowerState {
  const scene = (SCENE_NAMES as readonly string[]).includes(saved.scene) ? (saved.scene as SceneName) : 'off';
  const guest = (GUEST_SCENES as readonly string[]).includes(saved.guestScene ?? '')
    ? (saved.guestScene as GuestScene)
    : null;
  const statuses = ['idle', 'booked', 'inUse', 'cleaning', 'maintenance'];
  return {
    tv: saved.tv,
    amp: saved.amp,
    scene,
    sessionId: saved.sessionId,
    status: statuses.includes(saved.status ?? '') ? (saved.status as PowerState['status']) : null,
    guestScene: guest,
    lastActivityAt: Math.min(saved.lastActivityAt, now),
    idleMinutes: saved.idleMinutes,
    reason: 'restored',
  };
}
