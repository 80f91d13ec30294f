import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { quoteBill } from '../../billing/index.js';
import { silentLogger } from '../../logger.js';
import { type BusinessSettings, demoBusinessSettings } from '../../settings/business-settings.js';
import { BusinessError } from '../errors.js';
import { type BusinessChange, BusinessService } from './business-service.js';
import { MemoryJournal } from './memory-journal.js';
import { sessionInput } from './views.js';

const MIN = 60_000;
/** Friday 2026-11-20 19:00 in Shanghai (黄金档, weekend prices). */
const FRIDAY_19H = Date.UTC(2026, 10, 20, 11, 0);
const ROOMS: Record<string, string> = { '101': 'small', '102': 'small', '201': 'large', '301': 'deluxe' };

async function setup(options: { journal?: MemoryJournal; settings?: BusinessSettings; snapshotEvery?: number } = {}) {
  const journal = options.journal ?? new MemoryJournal();
  const settings = options.settings ?? demoBusinessSettings();
  settings.roomTypeByRoom = { ...ROOMS };
  const clock = { now: FRIDAY_19H };
  let n = 0;
  const service = await BusinessService.open({
    journal,
    settings: () => settings,
    roomExists: (room) => room in ROOMS,
    roomTypeOf: (room) => ROOMS[room] ?? 'small',
    now: () => clock.now,
    newId: () => `ID${String(++n).padStart(4, '0')}`,
    logger: silentLogger(),
    snapshotEvery: options.snapshotEvery ?? 1000,
  });
  const changes: BusinessChange[] = [];
  service.onChange((c) => changes.push(c));
  return { service, journal, settings, clock, changes };
}

async function refused(work: Promise<unknown>, code: string, message?: string): Promise<void> {
  await assert.rejects(work, (e: unknown) => {
    assert.ok(e instanceof BusinessError, String(e));
    assert.equal(e.code, code);
    if (message !== undefined) assert.equal(e.message, message);
    return true;
  });
}

describe('business service (fake clock, in-memory journal)', () => {
  it('opens a room: in use, one journal record, the bill so far from quoteBill as time passes', async () => {
    const { service, journal, clock, changes } = await setup();
    const session = await service.openSession('101', { ratePlanId: 'standard', prepaidMinutes: 120 }, 'desk');
    assert.equal(service.room('101').state, 'inUse');
    assert.equal(session.plannedEndAt, FRIDAY_19H + 120 * MIN);
    assert.deepEqual(
      journal.records.map((r) => r.type),
      ['business.session.opened'],
    );
    assert.deepEqual(changes, [{ rooms: ['101'], sessionId: session.sessionId }]);
    clock.now += 47 * MIN;
    const { session: view, bill } = service.session(session.sessionId);
    assert.equal(view.elapsedSec, 47 * 60);
    const state = service.exportState();
    const open = state.open[session.sessionId];
    assert.ok(open);
    const plan = state.plans[open.planKey];
    assert.ok(plan);
    assert.deepEqual(bill, quoteBill(plan, sessionInput(open, clock.now)));
    // Friday 黄金档 small room: ¥108/h; 47 min = 3 units of 15 + 2 min within the 5 min grace: 45 min.
    assert.equal(bill.roomFeeFen, 8100);
    assert.equal(view.billSoFarFen, bill.totalFen);
  });

  const refusals: [string, (s: BusinessService) => Promise<unknown>, string, string?][] = [
    ['an unknown room', (s) => s.openSession('999', { ratePlanId: 'standard' }, 'd'), 'KTV_E_UNKNOWN_ROOM'],
    ['an unknown plan', (s) => s.openSession('101', { ratePlanId: 'nope' }, 'd'), 'KTV_E_PLAN_UNKNOWN'],
    [
      'a package outside its start window (午场 package at 19:00)',
      (s) => s.openSession('101', { ratePlanId: 'standard', packageId: 'afternoon-3h' }, 'd'),
      'KTV_E_PACKAGE_WINDOW',
    ],
    [
      'a package not sold for the room type',
      (s) => s.openSession('101', { ratePlanId: 'standard', packageId: 'prime-4h' }, 'd'),
      'KTV_E_PACKAGE_ROOM_TYPE',
    ],
    [
      'an unknown package',
      (s) => s.openSession('101', { ratePlanId: 'standard', packageId: 'x' }, 'd'),
      'KTV_E_PACKAGE_UNKNOWN',
    ],
    [
      'an unknown member level',
      (s) => s.openSession('101', { ratePlanId: 'standard', memberLevel: 'platinum' }, 'd'),
      'KTV_E_MEMBER_LEVEL_UNKNOWN',
    ],
    ['an unknown session', (s) => s.extend('nope', 30, 'd'), 'KTV_E_SESSION_UNKNOWN'],
    [
      'cleaning an idle room',
      (s) => s.changeRoom('101', { action: 'clean' }, 'd'),
      'KTV_E_ROOM_STATE',
      'room 101 is idle: cannot clean',
    ],
    [
      'unbooking an idle room',
      (s) => s.changeRoom('102', { action: 'unbook' }, 'd'),
      'KTV_E_ROOM_STATE',
      'room 102 is idle: cannot unbook',
    ],
  ];
  for (const [name, work, code, message] of refusals) {
    it(`refuses ${name} (${code}) and writes nothing`, async () => {
      const { service, journal, changes } = await setup();
      await refused(work(service), code, message);
      assert.equal(journal.records.length, 0);
      assert.equal(changes.length, 0);
    });
  }

  it('orders count stock, voids need a reason and stay on the bill, out of stock is refused', async () => {
    const settings = demoBusinessSettings();
    const chivas = settings.menu.find((m) => m.itemId === 'chivas-12');
    assert.ok(chivas);
    chivas.stock = 3;
    const { service } = await setup({ settings });
    const { sessionId } = await service.openSession('201', { ratePlanId: 'standard' }, 'desk');
    const { line } = await service.addOrder(sessionId, 'chivas-12', 2, 'desk');
    await refused(
      service.addOrder(sessionId, 'chivas-12', 2, 'desk'),
      'KTV_E_OUT_OF_STOCK',
      '芝华士12年 (chivas-12): 1 left, 2 ordered',
    );
    await refused(service.addOrder(sessionId, 'caviar', 1, 'desk'), 'KTV_E_ITEM_UNKNOWN');
    await refused(service.voidOrder(sessionId, line.lineId, '  ', 'desk'), 'KTV_E_VOID_REASON');
    await refused(service.voidOrder(sessionId, 'nope', 'x', 'desk'), 'KTV_E_ORDER_LINE_UNKNOWN');
    await service.voidOrder(sessionId, line.lineId, '客人不要了', 'desk');
    await refused(service.voidOrder(sessionId, line.lineId, 'again', 'desk'), 'KTV_E_ORDER_LINE_VOIDED');
    assert.equal(service.sold('chivas-12'), 0, 'the void puts the stock back');
    await service.addOrder(sessionId, 'chivas-12', 3, 'desk');
    const { bill, session } = service.session(sessionId);
    assert.equal(session.orders.length, 2);
    assert.deepEqual(session.orders[0]?.voided, { reason: '客人不要了', at: FRIDAY_19H, by: 'desk' });
    const voidLine = bill.lines.find((l) => l.kind === 'void');
    assert.ok(voidLine, 'the voided line is on the bill');
    assert.equal(voidLine.amountFen, 0);
    assert.equal(bill.ordersFen, 3 * 68800);
  });

  it('extends (续钟) from the planned end, or from now when open-ended', async () => {
    const { service, clock } = await setup();
    const a = await service.openSession('101', { ratePlanId: 'standard', prepaidMinutes: 60 }, 'd');
    const b = await service.openSession('102', { ratePlanId: 'standard' }, 'd');
    clock.now += 70 * MIN;
    assert.equal((await service.extend(a.sessionId, 30, 'd')).plannedEndAt, FRIDAY_19H + 90 * MIN);
    assert.equal((await service.extend(b.sessionId, 60, 'd')).plannedEndAt, clock.now + 60 * MIN);
  });

  it('moves (换房): source to cleaning, target in use, each part priced by its own room type', async () => {
    const { service, clock, changes } = await setup();
    const s = await service.openSession('101', { ratePlanId: 'standard' }, 'd');
    await service.changeRoom('201', { action: 'book', name: '王先生', at: FRIDAY_19H }, 'd');
    clock.now += 60 * MIN;
    await service.move(s.sessionId, '201', 'd');
    await refused(service.move(s.sessionId, '201', 'd'), 'KTV_E_MOVE_SAME_ROOM');
    await refused(service.move(s.sessionId, '101', 'd'), 'KTV_E_ROOM_STATE', 'room 101 is cleaning: cannot moveIn');
    assert.equal(service.room('101').state, 'cleaning');
    assert.deepEqual(service.room('201'), { state: 'inUse', booking: null, sessionId: s.sessionId });
    assert.deepEqual(changes.at(-1)?.rooms, ['101', '201']);
    clock.now += 60 * MIN;
    const { bill, session } = service.session(s.sessionId);
    assert.equal(session.room, '201');
    const time = bill.lines.filter((l) => l.kind === 'time').map((l) => [l.room, l.roomType, l.amountFen]);
    assert.deepEqual(time, [
      ['101', 'small', 10800],
      ['201', 'large', 19800],
    ]);
  });

  it('checks out (结账): final bill kept, room to cleaning, then clean; a closed session refuses more', async () => {
    const { service, clock } = await setup();
    const s = await service.openSession('301', { ratePlanId: 'standard', memberLevel: 'gold' }, 'd');
    await service.addOrder(s.sessionId, 'fruit-large', 1, 'd');
    clock.now += 100 * MIN;
    const out = await service.checkout(s.sessionId, 'd');
    assert.equal(out.session.closedAt, clock.now);
    assert.equal(service.room('301').state, 'cleaning');
    assert.equal(out.bill.minimumSpendTopUpFen > 0, true, '豪华包 黄金档 has a minimum spend of ¥800');
    assert.equal(out.bill.totalFen, 80000 - 0 + out.bill.serviceChargeFen - out.bill.roundDownFen);
    clock.now += 600 * MIN;
    assert.deepEqual(service.session(s.sessionId).bill, out.bill, 'the final bill does not move on with time');
    assert.deepEqual(
      service.closedSince(0).map((c) => c.session.sessionId),
      [s.sessionId],
    );
    assert.deepEqual(service.closedSince(clock.now), []);
    await refused(service.addOrder(s.sessionId, 'cola', 1, 'd'), 'KTV_E_SESSION_CLOSED');
    await refused(
      service.openSession('301', { ratePlanId: 'standard' }, 'd'),
      'KTV_E_ROOM_STATE',
      'room 301 is cleaning: cannot open',
    );
    await service.changeRoom('301', { action: 'clean' }, 'd');
    assert.equal(service.room('301').state, 'idle');
  });

  it('gives a whole-bill discount (整单折扣) only with a reason; the bill shows it', async () => {
    const { service, clock, journal } = await setup();
    const s = await service.openSession('101', { ratePlanId: 'standard' }, 'd');
    await service.addOrder(s.sessionId, 'beef-jerky', 1, 'd');
    clock.now += 60 * MIN;
    await refused(service.discount(s.sessionId, 10, ' ', 'd'), 'KTV_E_DISCOUNT_REASON');
    await service.discount(s.sessionId, 10, '老客户', 'd');
    assert.equal(journal.records.at(-1)?.type, 'business.session.discounted');
    const { bill } = service.session(s.sessionId);
    assert.equal(bill.roomFeeFen + bill.ordersFen, 10800 + 4800);
    assert.equal(bill.discountFen, 1560, '10% of ¥156.00');
    assert.equal(bill.totalFen, 14040);
  });

  it('a running session keeps the rate plan version it opened with', async () => {
    const { service, settings, clock } = await setup();
    const s = await service.openSession('101', { ratePlanId: 'standard' }, 'd');
    const plan = settings.ratePlans[0];
    assert.ok(plan);
    settings.ratePlans = [
      {
        ...plan,
        roomTypes: {
          ...plan.roomTypes,
          small: {
            periods: (plan.roomTypes.small?.periods ?? []).map((p) => ({
              ...p,
              pricePerHourFen: p.pricePerHourFen * 2,
            })),
          },
        },
      },
    ];
    const t = await service.openSession('102', { ratePlanId: 'standard' }, 'd');
    clock.now += 60 * MIN;
    assert.equal(service.session(s.sessionId).bill.roomFeeFen, 10800);
    assert.equal(service.session(t.sessionId).bill.roomFeeFen, 21600);
    assert.equal(Object.keys(service.exportState().plans).length, 2);
  });

  it('answers and tells nobody before the record is durable', async () => {
    const { service, journal, changes } = await setup();
    journal.hold();
    let answered = false;
    const opening = service.openSession('101', { ratePlanId: 'standard' }, 'd').then(() => {
      answered = true;
    });
    await new Promise((r) => setImmediate(r));
    assert.equal(answered, false);
    assert.equal(changes.length, 0);
    assert.equal(service.room('101').state, 'idle');
    journal.release();
    await opening;
    assert.equal(answered, true);
    assert.equal(changes.length, 1);
  });

  it('rebuilds the same state from the journal alone, and from snapshot + replay', async () => {
    const journal = new MemoryJournal();
    const { service, clock } = await setup({ journal, snapshotEvery: 4 });
    const a = await service.openSession('101', { ratePlanId: 'standard' }, 'd');
    const b = await service.openSession('201', { ratePlanId: 'standard', packageId: 'prime-4h' }, 'd');
    await service.addOrder(a.sessionId, 'tsingtao', 6, 'd');
    clock.now += 30 * MIN;
    await service.move(a.sessionId, '102', 'd');
    const { line } = await service.addOrder(b.sessionId, 'popcorn', 2, 'd');
    await service.voidOrder(b.sessionId, line.lineId, '点错了', 'd');
    await service.checkout(a.sessionId, 'd');
    await service.changeRoom('301', { action: 'maintenanceOn' }, 'd');
    const expected = service.exportState();
    assert.ok(journal.snapshots.has('business'), 'a snapshot was written');

    const replayOnly = new MemoryJournal();
    replayOnly.records.push(...journal.records);
    const fromJournal = await setup({ journal: replayOnly });
    assert.deepEqual(fromJournal.service.exportState(), expected);

    const fromSnapshot = await setup({ journal });
    assert.deepEqual(fromSnapshot.service.exportState(), expected);
  });
});
