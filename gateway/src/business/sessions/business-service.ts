import type { SessionSummary } from '@ktv/protocol';
import { compile, oneAtATime } from '@ktv/protocol';
import type { Bill, OrderLine } from '../../billing/index.js';
import type { JournalRecord } from '../../journal/index.js';
import type { Logger } from '../../logger.js';
import type { BusinessSettings } from '../../settings/business-settings.js';
import { applyRecord, ReplayError } from './apply.js';
import {
  type DecideContext,
  decideCheckout,
  decideDiscount,
  decideExtend,
  decideMove,
  decideOpen,
  decideOrder,
  decideRoomChange,
  decideVoid,
  type OpenRequest,
  openSessionOf,
  type RoomChange,
} from './decide.js';
import {
  type BusinessState,
  currentRoom,
  emptyBusinessState,
  planOf,
  type RoomBusiness,
  roomOf,
  type Session,
} from './model.js';
import { BUSINESS_RECORD_PREFIX, type BusinessRecord, BusinessRecordSchema } from './records.js';
import { billOf, type SessionView, sessionSummary, sessionView } from './views.js';

/** The part of the journal the business service uses (gateway/src/journal's Journal fits). */
export interface BusinessJournal {
  append<T>(type: string, data: T): Promise<JournalRecord<T>>;
  read(fromSeq: number): AsyncIterable<JournalRecord>;
  writeSnapshot(name: string, atSeq: number, state: unknown): Promise<void>;
  readSnapshot(name: string): Promise<{ atSeq: number; state: unknown } | undefined>;
}

export interface BusinessServiceOptions {
  journal: BusinessJournal;
  /** The business settings as they are now (price list, menu). */
  settings: () => BusinessSettings;
  roomExists: (room: string) => boolean;
  roomTypeOf: (room: string) => string;
  now: () => number;
  /** New ULIDs (sessions, order lines); tests and the crash script pass a seeded one. */
  newId: (now: number) => string;
  logger: Logger;
  /** A snapshot after this many business records (and on stop). */
  snapshotEvery?: number;
}

/** Rooms whose business view changed, and the session involved (if any). */
export interface BusinessChange {
  rooms: string[];
  sessionId: string | null;
}

export const SNAPSHOT_NAME = 'business';
const SNAPSHOT_VERSION = 1;
const checkRecord = compile(BusinessRecordSchema);

interface SnapshotDoc {
  version: number;
  lastSeq: number;
  state: BusinessState;
}

/**
 * Sessions, orders and room states (rooms as a business). Operations run one at a time: decide
 * against the state (pure; a refusal throws BusinessError and writes nothing), append the record
 * to the journal (resolves after fdatasync), apply it, then tell the listeners (who publish).
 * Start = the last snapshot + replay of the business records after it.
 */
export class BusinessService {
  private state: BusinessState = emptyBusinessState();
  private readonly listeners = new Set<(change: BusinessChange) => void>();
  private sinceSnapshot = 0;
  private lastSeq = 0;
  private readonly log: Logger;

  private constructor(private readonly o: BusinessServiceOptions) {
    this.log = o.logger.child({ component: 'business' });
  }

  static async open(options: BusinessServiceOptions): Promise<BusinessService> {
    const service = new BusinessService(options);
    await service.recover();
    return service;
  }

  private async recover(): Promise<void> {
    const started = Date.now();
    const snap = await this.o.journal.readSnapshot(SNAPSHOT_NAME);
    let fromSeq = 1;
    if (snap) {
      const doc = snap.state as SnapshotDoc;
      if (doc.version !== SNAPSHOT_VERSION)
        throw new Error(`business snapshot version ${doc.version} is not ${SNAPSHOT_VERSION}`);
      this.state = doc.state;
      this.lastSeq = snap.atSeq;
      fromSeq = snap.atSeq + 1;
    }
    let replayed = 0;
    for await (const record of this.o.journal.read(fromSeq)) {
      if (!record.type.startsWith(BUSINESS_RECORD_PREFIX)) continue;
      const checked = checkRecord({ type: record.type, data: record.data });
      if (!checked.ok)
        throw new ReplayError(`journal record ${record.seq} (${record.type}): ${checked.errors.join('; ')}`);
      try {
        applyRecord(this.state, checked.value);
      } catch (e) {
        throw new ReplayError(`journal record ${record.seq} (${record.type}): ${(e as Error).message}`);
      }
      this.lastSeq = record.seq;
      replayed++;
    }
    this.sinceSnapshot = replayed;
    this.log.info(
      {
        snapshotSeq: snap?.atSeq ?? 0,
        replayed,
        openSessions: Object.keys(this.state.open).length,
        ms: Date.now() - started,
      },
      'business state recovered',
    );
  }

  onChange(listener: (change: BusinessChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One operation at a time, in arrival order; a failure does not stop the next. */
  private readonly serial = oneAtATime();

  private context(by: string): DecideContext {
    const at = this.o.now();
    return {
      at,
      by,
      settings: this.o.settings(),
      roomExists: this.o.roomExists,
      roomTypeOf: this.o.roomTypeOf,
      newId: () => this.o.newId(at),
    };
  }

  /** Journal (durable), apply, tell. */
  private async commit(record: BusinessRecord): Promise<void> {
    const written = await this.o.journal.append(record.type, record.data);
    applyRecord(this.state, record);
    this.lastSeq = written.seq;
    this.sinceSnapshot++;
    const change = changeOf(record);
    const open = change.sessionId ? this.state.open[change.sessionId] : undefined;
    if (change.rooms.length === 0 && open) change.rooms.push(currentRoom(open));
    for (const l of this.listeners) {
      try {
        l(change);
      } catch (e) {
        this.log.error({ err: e }, 'business listener failed');
      }
    }
    if (this.sinceSnapshot >= (this.o.snapshotEvery ?? 1000)) {
      // The record is already durable: a snapshot that fails (e.g. disk full) is tried again after
      // the next record and never turns a done operation into a reported failure.
      await this.snapshotNow().catch((e: unknown) => this.log.error({ err: e }, 'business snapshot failed'));
    }
  }

  private async snapshotNow(): Promise<void> {
    const doc: SnapshotDoc = { version: SNAPSHOT_VERSION, lastSeq: this.lastSeq, state: this.state };
    await this.o.journal.writeSnapshot(SNAPSHOT_NAME, this.lastSeq, doc);
    this.sinceSnapshot = 0;
  }

  private decideAndCommit(by: string, decide: (ctx: DecideContext) => BusinessRecord): Promise<BusinessRecord> {
    return this.serial(async () => {
      const record = decide(this.context(by));
      await this.commit(record);
      return record;
    });
  }

  private viewOfSession(sessionId: string): { session: SessionView; bill: Bill } {
    const s = this.findSession(sessionId);
    const at = this.o.now();
    const bill = billOf(s, planOf(this.state, s), at);
    return { session: sessionView(s, bill, at), bill };
  }

  private findSession(sessionId: string): Session {
    const open = this.state.open[sessionId];
    if (open) return open;
    const closed = this.state.closed.find((c) => c.sessionId === sessionId);
    if (closed) return closed;
    return openSessionOf(this.state, sessionId);
  }

  async openSession(room: string, req: OpenRequest, by: string): Promise<SessionView> {
    const r = await this.decideAndCommit(by, (ctx) => decideOpen(this.state, ctx, room, req));
    return this.viewOfSession(sessionIdOf(r)).session;
  }

  async extend(sessionId: string, minutes: number, by: string): Promise<SessionView> {
    await this.decideAndCommit(by, (ctx) => decideExtend(this.state, ctx, sessionId, minutes));
    return this.viewOfSession(sessionId).session;
  }

  async move(sessionId: string, toRoom: string, by: string): Promise<SessionView> {
    await this.decideAndCommit(by, (ctx) => decideMove(this.state, ctx, sessionId, toRoom));
    return this.viewOfSession(sessionId).session;
  }

  async addOrder(
    sessionId: string,
    itemId: string,
    qty: number,
    by: string,
  ): Promise<{ session: SessionView; line: OrderLine }> {
    const r = await this.decideAndCommit(by, (ctx) => decideOrder(this.state, ctx, sessionId, itemId, qty));
    if (r.type !== 'business.order.added') throw new Error('unexpected record');
    return { session: this.viewOfSession(sessionId).session, line: r.data.line };
  }

  async voidOrder(sessionId: string, lineId: string, reason: string, by: string): Promise<SessionView> {
    await this.decideAndCommit(by, (ctx) => decideVoid(this.state, ctx, sessionId, lineId, reason));
    return this.viewOfSession(sessionId).session;
  }

  async discount(sessionId: string, pct: number, reason: string, by: string): Promise<SessionView> {
    await this.decideAndCommit(by, (ctx) => decideDiscount(this.state, ctx, sessionId, pct, reason));
    return this.viewOfSession(sessionId).session;
  }

  async checkout(sessionId: string, by: string): Promise<{ session: SessionView; bill: Bill }> {
    await this.decideAndCommit(by, (ctx) => decideCheckout(this.state, ctx, sessionId));
    return this.viewOfSession(sessionId);
  }

  async changeRoom(room: string, change: RoomChange, by: string): Promise<void> {
    await this.decideAndCommit(by, (ctx) => decideRoomChange(this.state, ctx, room, change));
  }

  /** An open or closed (kept 48 h) session with its bill (so far, or final). */
  session(sessionId: string): { session: SessionView; bill: Bill } {
    return this.viewOfSession(sessionId);
  }

  closedSince(ms: number): { session: SessionView; bill: Bill }[] {
    const at = this.o.now();
    return this.state.closed
      .filter((s) => (s.closedAt ?? 0) >= ms)
      .map((s) => {
        const bill = billOf(s, planOf(this.state, s), at);
        return { session: sessionView(s, bill, at), bill };
      });
  }

  room(room: string): RoomBusiness {
    return { ...roomOf(this.state, room) };
  }

  /** The room's running session as the admin page shows it, or null. */
  roomSession(room: string): SessionView | null {
    const id = roomOf(this.state, room).sessionId;
    return id ? this.viewOfSession(id).session : null;
  }

  /** What the room's screens show (session.update), or null when no session runs there. */
  summary(room: string): SessionSummary | null {
    const id = roomOf(this.state, room).sessionId;
    const s = id ? this.state.open[id] : undefined;
    if (!s) return null;
    const at = this.o.now();
    const plan = planOf(this.state, s);
    return sessionSummary(s, plan, billOf(s, plan, at), at);
  }

  /** Net quantity sold per item since the stocktake (settings' stock). */
  sold(itemId: string): number {
    return this.state.sold[itemId] ?? 0;
  }

  /** The state itself, read-only, without a copy (the crash script's digests and choices). */
  peekState(): Readonly<BusinessState> {
    return this.state;
  }

  /** The whole state as JSON (tests and the crash script compare it). */
  exportState(): BusinessState {
    return structuredClone(this.state);
  }

  /** Waits for running operations, then writes a snapshot (clean shutdown). */
  async close(): Promise<void> {
    await this.serial(async () => {
      if (this.sinceSnapshot > 0) await this.snapshotNow();
    });
    this.listeners.clear();
  }
}

function sessionIdOf(record: BusinessRecord): string {
  if ('sessionId' in record.data) return record.data.sessionId;
  throw new Error(`record ${record.type} has no session`);
}

function changeOf(record: BusinessRecord): BusinessChange {
  switch (record.type) {
    case 'business.session.moved':
      return { rooms: [record.data.fromRoom, record.data.toRoom], sessionId: record.data.sessionId };
    case 'business.room.changed':
      return { rooms: [record.data.room], sessionId: null };
    case 'business.session.opened':
    case 'business.session.checkedOut':
      return { rooms: [record.data.room], sessionId: record.data.sessionId };
    default:
      return { rooms: [], sessionId: record.data.sessionId };
  }
}
