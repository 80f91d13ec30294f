import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeRoomCommand, type RoomCommand, type RoomState } from '@ktv/protocol';
import type { FastifyInstance } from 'fastify';
import { BusinessModule } from '../business/business-module.js';
import { MemoryJournal } from '../business/sessions/memory-journal.js';
import { silentLogger } from '../logger.js';
import { RoomRegistry } from '../rooms/room-registry.js';
import { SettingsStore } from '../settings/settings-store.js';
import type { GatewayStats } from '../stats.js';
import { buildAdminApp } from './app.js';
import { Sessions } from './sessions.js';

/** Friday 2026-11-20 19:00 in Shanghai. */
const T0 = Date.UTC(2026, 10, 20, 11, 0);
const MIN = 60_000;

describe('business admin routes (fastify inject)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ktv-business-routes-'));
  const clock = { now: T0 };
  const sent: RoomCommand[] = [];
  const rooms = new RoomRegistry(() => 0);
  let module: BusinessModule;
  let app: FastifyInstance;
  let token: string;
  let ids = 0;

  before(async () => {
    const settings = await SettingsStore.open(dir);
    rooms.syncDevices(
      ['101 小包', '102 小包', '201 大包'].map((name) => ({
        deviceId: `room-${name.slice(0, 3)}`,
        kind: 'room' as const,
        room: name.slice(0, 3),
        roomName: name,
        passwordHash: 'x',
        createdAt: 0,
      })),
    );
    module = new BusinessModule({
      journal: new MemoryJournal(),
      settings,
      rooms,
      sendCommand: async (_room, command) => {
        sent.push(command);
      },
      now: () => clock.now,
      newId: (now) => `01${String(now).padStart(11, '0')}${String(++ids).padStart(13, '0')}`.slice(0, 26),
      logger: silentLogger(),
    });
    await module.start();
    const sessions = new Sessions(() => clock.now);
    token = sessions.create('前台小王');
    app = await buildAdminApp({
      backend: {
        verifyAdmin: async () => false,
        rooms: async () => rooms.list().map((v) => module.withBusiness(v)),
        devices: async () => [],
        stats: () => ({}) as GatewayStats,
        events: () => undefined,
        ackCall: async () => false,
        subscribe: () => () => undefined,
      },
      sessions,
      logger: silentLogger(),
      business: module,
      publicDir: join(dir, 'none'),
      scriptsDir: join(dir, 'none'),
    });
  });
  after(async () => {
    await app?.close();
    await module?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = async (method: 'GET' | 'POST', url: string, body?: object) => {
    const res = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(body ? { payload: body } : {}),
    });
    return {
      status: res.statusCode,
      body: res.json() as Record<string, unknown> & { code?: string; message?: string },
    };
  };

  it('needs a signed-in desk', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/business/settings' });
    assert.equal(res.statusCode, 401);
  });

  it('serves the price list: room types, plans, packages, menu with stock, member levels', async () => {
    const { status, body } = await call('GET', '/api/business/settings');
    assert.equal(status, 200);
    assert.deepEqual(body.roomTypes, [
      { id: 'small', name: '小包' },
      { id: 'medium', name: '中包' },
      { id: 'large', name: '大包' },
      { id: 'deluxe', name: '豪华包' },
    ]);
    assert.deepEqual(body.ratePlans, [{ id: 'standard', name: '标准价目表' }]);
    assert.equal(body.timeZone, 'Asia/Shanghai', 'screens and receipts show the store clock');
    assert.deepEqual(
      (body.packages as { id: string }[]).map((p) => p.id),
      ['afternoon-3h', 'prime-4h', 'overnight'],
    );
    assert.deepEqual(
      (body.memberLevels as { name: string }[]).map((l) => l.name),
      ['普通', '银卡', '金卡', '钻石'],
    );
    assert.deepEqual((body.menu as { itemId: string; stock: number }[])[0], {
      itemId: 'tsingtao',
      name: '青岛啤酒',
      category: '酒水',
      priceFen: 1500,
      stock: 480,
    });
  });

  let sessionId = '';

  it('opens a room (开房): the session, the room in use, session.update to the room', async () => {
    const { status, body } = await call('POST', '/api/rooms/101/open', {
      ratePlanId: 'standard',
      memberLevel: 'silver',
    });
    assert.equal(status, 200);
    const session = body.session as { sessionId: string; room: string; memberLevel: string };
    sessionId = session.sessionId;
    assert.equal(session.room, '101');
    assert.equal(session.memberLevel, 'silver');
    const update = sent.at(-1);
    assert.ok(update && update.type === 'session.update');
    assert.equal(update.room, '101');
    assert.equal(update.data.session?.sessionId, sessionId);
    assert.ok(decodeRoomCommand(update, '101').ok);
    const list = (
      await app.inject({ method: 'GET', url: '/api/rooms', headers: { authorization: `Bearer ${token}` } })
    ).json() as {
      rooms: {
        room: string;
        business: { state: string; roomTypeName: string; session: { sessionId: string } | null };
      }[];
    };
    const r101 = list.rooms.find((r) => r.room === '101');
    assert.equal(r101?.business.state, 'inUse');
    assert.equal(r101?.business.roomTypeName, '小包');
    assert.equal(r101?.business.session?.sessionId, sessionId);
  });

  const refusals: [string, string, object | undefined, number, string][] = [
    ['open a room in use', '/api/rooms/101/open', { ratePlanId: 'standard' }, 409, 'KTV_E_ROOM_STATE'],
    ['open an unknown room', '/api/rooms/999/open', { ratePlanId: 'standard' }, 404, 'KTV_E_UNKNOWN_ROOM'],
    ['open with an unknown plan', '/api/rooms/102/open', { ratePlanId: 'x' }, 404, 'KTV_E_PLAN_UNKNOWN'],
    ['open without a rate plan', '/api/rooms/102/open', { memberLevel: 'gold' }, 400, 'KTV_E_BAD_REQUEST'],
    ['extend an unknown session', '/api/sessions/nope/extend', { minutes: 30 }, 404, 'KTV_E_SESSION_UNKNOWN'],
    ['extend by 0 minutes', '/api/sessions/nope/extend', { minutes: 0 }, 400, 'KTV_E_BAD_REQUEST'],
    ['clean an idle room', '/api/rooms/102/clean', undefined, 409, 'KTV_E_ROOM_STATE'],
    ['unbook an idle room', '/api/rooms/102/unbook', undefined, 409, 'KTV_E_ROOM_STATE'],
  ];
  for (const [name, url, body, status, code] of refusals) {
    it(`refuses to ${name}: ${status} ${code}`, async () => {
      const res = await call('POST', url, body);
      assert.equal(res.status, status, JSON.stringify(res.body));
      assert.equal(res.body.code, code);
      assert.equal(typeof res.body.message, 'string');
    });
  }

  it('names the room, its state and the action in a refused transition', async () => {
    const res = await call('POST', '/api/rooms/101/open', { ratePlanId: 'standard' });
    assert.equal(res.body.message, 'room 101 is inUse: cannot open');
  });

  it('orders (点单), voids only with a reason (退单), extends (续钟), moves (换房)', async () => {
    const order = await call('POST', `/api/sessions/${sessionId}/orders`, { itemId: 'tsingtao', qty: 6 });
    assert.equal(order.status, 200);
    const line = order.body.line as { lineId: string };
    assert.equal(
      (await call('POST', `/api/sessions/${sessionId}/orders`, { itemId: 'nope', qty: 1 })).body.code,
      'KTV_E_ITEM_UNKNOWN',
    );
    const noReason = await call('POST', `/api/sessions/${sessionId}/orders/${line.lineId}/void`, { reason: '' });
    assert.deepEqual([noReason.status, noReason.body.code], [400, 'KTV_E_VOID_REASON']);
    const voided = await call('POST', `/api/sessions/${sessionId}/orders/${line.lineId}/void`, { reason: '拿错了' });
    assert.equal(voided.status, 200);
    await call('POST', `/api/sessions/${sessionId}/orders`, { itemId: 'fruit-small', qty: 1 });
    const noDiscountReason = await call('POST', `/api/sessions/${sessionId}/discount`, { pct: 10, reason: '' });
    assert.deepEqual([noDiscountReason.status, noDiscountReason.body.code], [400, 'KTV_E_DISCOUNT_REASON']);
    assert.equal((await call('POST', `/api/sessions/${sessionId}/discount`, { pct: 5, reason: '生日' })).status, 200);
    const extended = await call('POST', `/api/sessions/${sessionId}/extend`, { minutes: 60 });
    assert.equal((extended.body.session as { plannedEndAt: number }).plannedEndAt, T0 + 60 * MIN);
    clock.now += 60 * MIN;
    const moved = await call('POST', `/api/sessions/${sessionId}/move`, { toRoom: '201' });
    assert.equal((moved.body.session as { room: string }).room, '201');
    assert.equal(module.business('101').state, 'cleaning');
    assert.deepEqual(
      sent.slice(-2).map((c) => [c.room, c.type === 'session.update' ? (c.data.session?.sessionId ?? null) : '?']),
      [
        ['101', null],
        ['201', sessionId],
      ],
    );
    const got = await call('GET', `/api/sessions/${sessionId}`);
    const bill = got.body.bill as { lines: { kind: string; roomType?: string }[]; totalFen: number };
    assert.deepEqual(
      bill.lines.filter((l) => l.kind === 'time').map((l) => l.roomType),
      ['small'],
    );
    assert.ok(bill.lines.some((l) => l.kind === 'void'));
  });

  it('checks out (结账): the final bill, room to cleaning, listed as closed, then clean (清扫完成)', async () => {
    clock.now += 90 * MIN;
    const out = await call('POST', `/api/sessions/${sessionId}/checkout`);
    assert.equal(out.status, 200);
    const bill = out.body.bill as { totalFen: number; lines: { kind: string; room?: string }[] };
    assert.deepEqual([...new Set(bill.lines.filter((l) => l.kind === 'time').map((l) => l.room))], ['101', '201']);
    assert.equal((out.body.session as { billSoFarFen: number }).billSoFarFen, bill.totalFen);
    const last = sent.at(-1);
    assert.ok(last?.type === 'session.update' && last.data.session === null && last.room === '201');
    const closed = await call('GET', `/api/sessions?closedSince=${T0}`);
    const list = closed.body.sessions as { session: { sessionId: string }; bill: { totalFen: number } }[];
    assert.deepEqual(
      list.map((c) => [c.session.sessionId, c.bill.totalFen]),
      [[sessionId, bill.totalFen]],
    );
    assert.deepEqual((await call('GET', `/api/sessions?closedSince=${clock.now + 1}`)).body.sessions, []);
    const clean = await call('POST', '/api/rooms/201/clean');
    assert.equal((clean.body.room as { business: { state: string } }).business.state, 'idle');
  });

  it('books, unbooks, and puts a room out of service and back', async () => {
    const booked = await call('POST', '/api/rooms/102/book', { name: '李女士', at: T0 + 120 * MIN });
    assert.deepEqual((booked.body.room as { business: { booking: unknown } }).business.booking, {
      name: '李女士',
      at: T0 + 120 * MIN,
    });
    assert.equal((await call('POST', '/api/rooms/102/unbook')).status, 200);
    const on = await call('POST', '/api/rooms/102/maintenance', { on: true });
    assert.equal((on.body.room as { business: { state: string } }).business.state, 'maintenance');
    assert.equal((await call('POST', '/api/rooms/102/open', { ratePlanId: 'standard' })).body.code, 'KTV_E_ROOM_STATE');
    const off = await call('POST', '/api/rooms/102/maintenance', { on: false });
    assert.equal((off.body.room as { business: { state: string } }).business.state, 'idle');
  });

  it('sends the session again when a room comes online; raises unbilled occupancy from sensors', async () => {
    await call('POST', '/api/rooms/102/open', { ratePlanId: 'standard' });
    const before = sent.length;
    rooms.applyOnline('102', true, clock.now);
    const again = sent.slice(before);
    assert.equal(again.length, 1);
    assert.ok(again[0]?.type === 'session.update' && again[0].data.session !== null);
    const state = (sensors: { doorOpen: boolean; motion: boolean }): RoomState => ({
      store: 's1',
      room: '101',
      roomName: '101 小包',
      agentVersion: '0.1.0',
      startedAt: T0,
      at: clock.now,
      sensors: { ...sensors, callActive: false },
      outboxPending: 0,
    });
    await call('POST', '/api/rooms/101/clean');
    rooms.applyState('101', state({ doorOpen: false, motion: true }), clock.now);
    assert.deepEqual(module.business('101').alerts, [{ code: 'unbilledOccupancy', since: clock.now }]);
    rooms.applyState('101', state({ doorOpen: true, motion: false }), clock.now);
    assert.deepEqual(module.business('101').alerts, []);
  });
});
