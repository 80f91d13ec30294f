import { decodeRoomCommand, type RoomCommand, type SessionSummary } from '@ktv/protocol';
import { type Bill, type OrderLine, validateRatePlan } from '../billing/index.js';
import type { Logger } from '../logger.js';
import type { RoomRegistry } from '../rooms/room-registry.js';
import type { RoomView } from '../rooms/room-view.js';
import {
  type BusinessSettings,
  demoBusinessSettings,
  roomTypeFor,
  validateBusinessSettings,
} from '../settings/business-settings.js';
import type { SettingsStore } from '../settings/settings-store.js';
import { AlertMonitor, realTimers, type Timers } from './alerts/alert-monitor.js';
import type { BusinessSettingsView, RoomBusinessView, RoomViewWithBusiness } from './business-view.js';
import { type BusinessJournal, BusinessService } from './sessions/business-service.js';
import type { OpenRequest, RoomChange } from './sessions/decide.js';
import type { SessionView } from './sessions/views.js';

export interface BusinessConfig {
  /** The bill so far is re-sent to the room screens and the admin page this often (0 = never). */
  refreshSec?: number;
  occupancyHoldSec: number;
  emptyAfterMin: number;
  snapshotEvery: number;
}

export const DEFAULT_BUSINESS_CONFIG: BusinessConfig = {
  occupancyHoldSec: 120,
  emptyAfterMin: 20,
  snapshotEvery: 1000,
};

export interface BusinessModuleDeps {
  journal: BusinessJournal;
  settings: SettingsStore;
  rooms: RoomRegistry;
  /** Sends a command on the room's cmd topic (QoS 1). */
  sendCommand: (room: string, command: RoomCommand) => Promise<void>;
  now: () => number;
  newId: (now: number) => string;
  logger: Logger;
  config?: Partial<BusinessConfig>;
  timers?: Timers;
}

/** Seeds the demo price list into settings on first start and checks it. */
export async function ensureBusinessSettings(settings: SettingsStore, logger: Logger): Promise<void> {
  if (settings.data.business === undefined) {
    await settings.update((doc) => {
      doc.business = demoBusinessSettings();
    });
    logger.info('business settings seeded with the demo price list');
  }
  const checked = validateBusinessSettings(settings.data.business);
  if (!checked.ok) throw new Error(`settings.json business: ${checked.errors.join('; ')}`);
  for (const [i, plan] of checked.value.ratePlans.entries()) {
    const planChecked = validateRatePlan(plan);
    if (!planChecked.ok) throw new Error(`settings.json business/ratePlans/${i}: ${planChecked.errors.join('; ')}`);
  }
}

/**
 * Rooms as a business, wired: the business service (journaled sessions and orders), the sensor
 * alerts, the admin views and the room screens' session.update. start()/stop() like every feature.
 */
export class BusinessModule {
  private service: BusinessService | undefined;
  private readonly alerts: AlertMonitor;
  private readonly online = new Map<string, boolean>();
  private readonly cleanups: (() => void)[] = [];
  private readonly roomListeners = new Set<(room: RoomViewWithBusiness) => void>();
  private readonly log: Logger;

  constructor(private readonly deps: BusinessModuleDeps) {
    const config = { ...DEFAULT_BUSINESS_CONFIG, ...deps.config };
    this.log = deps.logger.child({ component: 'business' });
    this.alerts = new AlertMonitor(
      { occupancyHoldMs: config.occupancyHoldSec * 1000, emptyAfterMs: config.emptyAfterMin * 60_000 },
      deps.now,
      (room) => this.emitRoom(room),
      deps.timers ?? realTimers,
    );
    this.config = config;
  }

  private readonly config: BusinessConfig;

  private get settings(): BusinessSettings {
    const b = this.deps.settings.data.business;
    if (!b) throw new Error('business settings missing');
    return b;
  }

  private get svc(): BusinessService {
    if (!this.service) throw new Error('business module not started');
    return this.service;
  }

  async start(): Promise<void> {
    await ensureBusinessSettings(this.deps.settings, this.log);
    const { rooms } = this.deps;
    this.service = await BusinessService.open({
      journal: this.deps.journal,
      settings: () => this.settings,
      roomExists: (room) => rooms.has(room),
      roomTypeOf: (room) => roomTypeFor(this.settings, room, rooms.view(room)?.roomName).id,
      now: this.deps.now,
      newId: this.deps.newId,
      logger: this.deps.logger,
      snapshotEvery: this.config.snapshotEvery,
    });
    const svc = this.service;
    this.cleanups.push(
      svc.onChange((change) => {
        for (const room of change.rooms) {
          this.alerts.businessState(room, svc.room(room).state);
          this.sendSession(room);
          this.emitRoom(room);
        }
      }),
    );
    this.cleanups.push(rooms.onChange((view) => this.roomReported(view)));
    this.scheduleRefresh();
    for (const view of rooms.list()) this.roomReported(view);
  }

  /** Every refreshSec: the running sessions' bill so far to their rooms and to the admin page. */
  private scheduleRefresh(): void {
    const every = (this.config.refreshSec ?? 60) * 1000;
    if (every <= 0) return;
    const timers = this.deps.timers ?? realTimers;
    const tick = () => {
      if (!this.service) return;
      for (const view of this.deps.rooms.list()) {
        if (this.service.room(view.room).sessionId === null) continue;
        this.sendSession(view.room);
        this.emitRoom(view.room);
      }
      handle = timers.setTimeout(tick, every);
    };
    let handle = timers.setTimeout(tick, every);
    this.cleanups.push(() => timers.clearTimeout(handle));
  }

  /** A room's agent reported (state, online, event): alerts see its sensors; coming online gets the session. */
  private roomReported(view: RoomView): void {
    if (!this.service) return;
    const state = this.service.room(view.room).state;
    this.alerts.sensors(view.room, state, view.sensors);
    const wasOnline = this.online.get(view.room) ?? false;
    this.online.set(view.room, view.online);
    if (view.online && !wasOnline) this.sendSession(view.room);
  }

  private sendSession(room: string): void {
    let session: SessionSummary | null;
    try {
      session = this.svc.summary(room);
    } catch (e) {
      this.log.error({ err: e, room }, 'session summary failed');
      return;
    }
    const at = this.deps.now();
    const command: RoomCommand = { id: this.deps.newId(at), type: 'session.update', room, at, data: { session } };
    const checked = decodeRoomCommand(command, room);
    if (!checked.ok) {
      this.log.error({ room, reason: checked.reason }, 'session.update invalid');
      return;
    }
    this.deps
      .sendCommand(room, command)
      .catch((e: unknown) => this.log.warn({ err: e, room }, 'session.update not sent'));
  }

  private emitRoom(room: string): void {
    const view = this.deps.rooms.view(room);
    if (!view || this.roomListeners.size === 0) return;
    const full = this.withBusiness(view);
    for (const l of this.roomListeners) l(full);
  }

  /** A room's business view changed (session, state, alerts): for the admin websocket. */
  onRoomChange(listener: (room: RoomViewWithBusiness) => void): () => void {
    this.roomListeners.add(listener);
    return () => this.roomListeners.delete(listener);
  }

  /** The business view of a room (state, type, booking, session, alerts). */
  business(room: string, roomName?: string): RoomBusinessView {
    const r = this.svc.room(room);
    const type = roomTypeFor(this.settings, room, roomName ?? this.deps.rooms.view(room)?.roomName);
    return {
      state: r.state,
      roomType: type.id,
      roomTypeName: type.name,
      booking: r.booking,
      session: this.safeRoomSession(room),
      alerts: this.alerts.alerts(room),
    };
  }

  /** A session whose bill cannot be quoted must not take the room map down: logged, shown without. */
  private safeRoomSession(room: string): SessionView | null {
    try {
      return this.svc.roomSession(room);
    } catch (e) {
      this.log.error({ err: e, room }, 'bill so far failed');
      return null;
    }
  }

  withBusiness(view: RoomView): RoomViewWithBusiness {
    return { ...view, business: this.business(view.room, view.roomName) };
  }

  private roomOrThrow(room: string): RoomViewWithBusiness {
    const view = this.deps.rooms.view(room);
    if (!view) throw new Error(`room ${room} vanished`);
    return this.withBusiness(view);
  }

  settingsView(): BusinessSettingsView {
    const s = this.settings;
    const packages = new Map<string, BusinessSettingsView['packages'][number]>();
    const levels = new Map<string, string>();
    for (const plan of s.ratePlans) {
      for (const p of plan.packages) {
        if (!packages.has(p.id)) {
          packages.set(p.id, {
            id: p.id,
            name: p.name,
            priceFen: p.priceFen,
            durationMin: p.durationMin,
            roomTypes: [...p.roomTypes],
          });
        }
      }
      for (const [id, level] of Object.entries(plan.memberLevels)) if (!levels.has(id)) levels.set(id, level.name);
    }
    return {
      roomTypes: s.roomTypes.map((t) => ({ id: t.id, name: t.name })),
      ratePlans: s.ratePlans.map((p) => ({ id: p.id, name: p.name })),
      packages: [...packages.values()],
      menu: s.menu.map((m) => ({ ...m, stock: Math.max(0, m.stock - this.svc.sold(m.itemId)) })),
      memberLevels: [...levels].map(([id, name]) => ({ id, name })),
      ...(s.ratePlans[0] ? { timeZone: s.ratePlans[0].timeZone } : {}),
    };
  }

  openSession(room: string, req: OpenRequest, by: string): Promise<SessionView> {
    return this.svc.openSession(room, req, by);
  }
  extend(sessionId: string, minutes: number, by: string): Promise<SessionView> {
    return this.svc.extend(sessionId, minutes, by);
  }
  move(sessionId: string, toRoom: string, by: string): Promise<SessionView> {
    return this.svc.move(sessionId, toRoom, by);
  }
  addOrder(
    sessionId: string,
    itemId: string,
    qty: number,
    by: string,
  ): Promise<{ session: SessionView; line: OrderLine }> {
    return this.svc.addOrder(sessionId, itemId, qty, by);
  }
  voidOrder(sessionId: string, lineId: string, reason: string, by: string): Promise<SessionView> {
    return this.svc.voidOrder(sessionId, lineId, reason, by);
  }
  discount(sessionId: string, pct: number, reason: string, by: string): Promise<SessionView> {
    return this.svc.discount(sessionId, pct, reason, by);
  }
  checkout(sessionId: string, by: string): Promise<{ session: SessionView; bill: Bill }> {
    return this.svc.checkout(sessionId, by);
  }
  session(sessionId: string): { session: SessionView; bill: Bill } {
    return this.svc.session(sessionId);
  }
  closedSince(ms: number): { session: SessionView; bill: Bill }[] {
    return this.svc.closedSince(ms);
  }
  async changeRoom(room: string, change: RoomChange, by: string): Promise<RoomViewWithBusiness> {
    await this.svc.changeRoom(room, change, by);
    return this.roomOrThrow(room);
  }

  async stop(): Promise<void> {
    for (const c of this.cleanups.splice(0)) c();
    this.alerts.stop();
    await this.service?.close();
    this.service = undefined;
  }
}

/** What the admin routes need (business-routes.ts); BusinessModule fits. */
export type BusinessAdminApi = Pick<
  BusinessModule,
  | 'settingsView'
  | 'openSession'
  | 'extend'
  | 'move'
  | 'addOrder'
  | 'voidOrder'
  | 'discount'
  | 'checkout'
  | 'session'
  | 'closedSince'
  | 'changeRoom'
>;
