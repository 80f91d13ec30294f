import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { StoreAlerts } from '../../alerts/store-alerts.js';
import { BusinessService } from '../../business/sessions/business-service.js';
import { MemoryJournal } from '../../business/sessions/memory-journal.js';
import { demoBusinessSettings } from '../../settings/business-settings.js';
import { SettingsStore } from '../../settings/settings-store.js';
import { CloudDownlink } from './cloud-downlink.js';
import { menuPush, pricierPlan, ratePlansPush, TestHeadOffice } from './test-pushes.js';

const MIN = 60_000;
/** Friday 2026-11-20 19:00 in Shanghai (黄金档, weekend prices: small room ¥108/h). */
const FRIDAY_19H = Date.UTC(2026, 10, 20, 11, 0);
const ROOMS: Record<string, string> = { '101': 'small', '102': 'small' };

async function setup() {
  const dataDir = await mkdtemp(join(tmpdir(), 'ktv-downlink-'));
  const settings = await SettingsStore.open(dataDir);
  await settings.update((doc) => {
    doc.business = { ...demoBusinessSettings(), roomTypeByRoom: { ...ROOMS } };
  });
  const clock = { now: FRIDAY_19H };
  const logs: { msg: string; code?: string; reason?: string; kind?: string }[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => logs.push(JSON.parse(line)) });
  const alerts = new StoreAlerts(() => clock.now);
  const hq = new TestHeadOffice();
  const downlink = await CloudDownlink.open({
    dataDir,
    storeId: 's1',
    publicKeys: [hq.publicKey],
    settings,
    alerts,
    logger,
    now: () => clock.now,
  });
  let n = 0;
  const business = await BusinessService.open({
    journal: new MemoryJournal(),
    settings: () => {
      const b = settings.data.business;
      if (!b) throw new Error('no business settings');
      return b;
    },
    roomExists: (room) => room in ROOMS,
    roomTypeOf: (room) => ROOMS[room] ?? 'small',
    now: () => clock.now,
    newId: () => `ID${String(++n).padStart(4, '0')}`,
    logger,
  });
  const settingsFile = () => readFile(join(dataDir, 'settings.json'), 'utf8');
  return { dataDir, settings, clock, logs, alerts, hq, downlink, business, settingsFile };
}

type Setup = Awaited<ReturnType<typeof setup>>;

describe('cloud downlink: signed pushes into the store settings', () => {
  let t: Setup;
  before(async () => {
    t = await setup();
  });
  after(async () => {
    await rm(t.dataDir, { recursive: true, force: true });
  });

  async function refusedUnchanged(kind: string, bytes: Buffer, code: string) {
    const before = await t.settingsFile();
    const verdict = await t.downlink.receive(kind, bytes);
    assert.equal(verdict.result, 'refused');
    assert.equal(verdict.result === 'refused' ? verdict.code : '', code);
    assert.equal(await t.settingsFile(), before, 'settings.json unchanged');
    const line = t.logs.findLast((l) => l.msg === 'cloud push refused; settings unchanged');
    assert.ok(line, 'a log line');
    assert.equal(line.code, code);
    const alert = t.alerts.list().find((a) => a.code === 'cloudPushRefused' && a.subject === kind);
    assert.ok(alert, 'an alert');
    assert.equal(alert.detail.code, code);
  }

  it('a bad signature is refused: log line, alert, settings unchanged', async () => {
    const forger = new TestHeadOffice();
    await refusedUnchanged('ratePlans', forger.signed(ratePlansPush(1)), 'KTV_E_CLOUD_SIGNATURE');
  });

  it('a malformed body is refused', async () => {
    await refusedUnchanged(
      'ratePlans',
      t.hq.signed({ kind: 'ratePlans', version: 1, issuedAt: 0, stores: '*', body: { ratePlans: [{ id: 'x' }] } }),
      'KTV_E_CLOUD_BODY',
    );
  });

  it('a rate plan that fails the billing engine check (gap in a day) is refused', async () => {
    const plan = pricierPlan(0);
    const small = plan.roomTypes.small;
    assert.ok(small);
    small.periods = small.periods.filter((p) => p.name !== '午场');
    await refusedUnchanged('ratePlans', t.hq.signed(ratePlansPush(1, [plan])), 'KTV_E_CLOUD_BODY');
  });

  it('a good push applies; a running session keeps its plan; the next session uses the new one', async () => {
    const running = await t.business.openSession('101', { ratePlanId: 'standard' }, 'desk');
    t.clock.now += 60 * MIN;
    const billBefore = t.business.session(running.sessionId).bill;
    assert.equal(billBefore.roomFeeFen, 10800); // 1 h of 黄金档 weekend small room at ¥108
    const verdict = await t.downlink.receive('ratePlans', t.hq.signed(ratePlansPush(2, [pricierPlan(1000)])));
    assert.deepEqual(verdict, { result: 'applied', kind: 'ratePlans', version: 2, kept: [] });
    assert.equal(t.alerts.has('cloudPushRefused', 'ratePlans'), false, 'the refusal alert clears');
    const stored = JSON.parse(await t.settingsFile()) as {
      business: { ratePlans: { roomTypes: { small: { periods: { pricePerHourFen: number }[] } } }[] };
    };
    assert.equal(stored.business.ratePlans[0]?.roomTypes.small.periods[3]?.pricePerHourFen, 11800);
    assert.deepEqual(t.business.session(running.sessionId).bill, billBefore, 'the running bill does not change');
    const fresh = await t.business.openSession('102', { ratePlanId: 'standard' }, 'desk');
    t.clock.now += 60 * MIN;
    assert.equal(t.business.session(fresh.sessionId).bill.roomFeeFen, 11800, 'new session: new price');
    assert.equal(t.business.session(running.sessionId).bill.roomFeeFen, 21600, 'running session: ¥108/h for 2 h');
  });

  it('an old version and the same version with other content are refused; the same document again is quiet', async () => {
    await refusedUnchanged('ratePlans', t.hq.signed(ratePlansPush(1, [pricierPlan(5000)])), 'KTV_E_CLOUD_VERSION');
    await refusedUnchanged('ratePlans', t.hq.signed(ratePlansPush(2, [pricierPlan(5000)])), 'KTV_E_CLOUD_VERSION');
    const again = await t.downlink.receive('ratePlans', t.hq.signed(ratePlansPush(2, [pricierPlan(1000)])));
    assert.equal(again.result, 'unchanged');
  });

  it("the store's own edit is kept as a local override and shown beside the cloud value", async () => {
    await t.settings.update((doc) => {
      const plan = doc.business?.ratePlans[0];
      if (plan) plan.serviceChargePct = 10; // the store's own 服务费
    });
    const verdict = await t.downlink.receive('ratePlans', t.hq.signed(ratePlansPush(3, [pricierPlan(2000)])));
    assert.deepEqual(verdict, { result: 'applied', kind: 'ratePlans', version: 3, kept: ['standard'] });
    const local = t.settings.data.business?.ratePlans[0];
    assert.equal(local?.serviceChargePct, 10);
    assert.equal(local?.roomTypes.small?.periods[3]?.pricePerHourFen, 11800, 'the store version stays whole');
    const view = t.downlink.view();
    assert.equal(view.applied.ratePlans?.version, 3);
    const row = view.ratePlans.find((r) => r.id === 'standard');
    assert.equal(row?.overridden, true);
    assert.equal(row?.cloud?.roomTypes.small?.periods[3]?.pricePerHourFen, 12800);
    assert.equal(row?.local?.serviceChargePct, 10);
  });

  it('menu: prices follow the cloud, stock stays the store count, a local price is kept', async () => {
    await t.settings.update((doc) => {
      const cola = doc.business?.menu.find((m) => m.itemId === 'cola');
      if (cola) cola.priceFen = 1000; // before any menu push: the first push takes over what it names
    });
    const items = [
      { itemId: 'tsingtao', name: '青岛啤酒', category: '酒水', priceFen: 1600 },
      { itemId: 'cola', name: '可乐', category: '酒水', priceFen: 900 },
      { itemId: 'nuts', name: '坚果', category: '小吃', priceFen: 2200 },
    ];
    assert.equal((await t.downlink.receive('menu', t.hq.signed(menuPush(1, items)))).result, 'applied');
    const menu = () => t.settings.data.business?.menu ?? [];
    assert.deepEqual(
      menu().find((m) => m.itemId === 'tsingtao'),
      { itemId: 'tsingtao', name: '青岛啤酒', category: '酒水', priceFen: 1600, stock: 480 },
    );
    assert.equal(menu().find((m) => m.itemId === 'cola')?.priceFen, 900);
    assert.equal(menu().find((m) => m.itemId === 'nuts')?.stock, 0);
    assert.ok(
      menu().some((m) => m.itemId === 'popcorn'),
      'items head office does not name stay',
    );
    await t.settings.update((doc) => {
      const beer = doc.business?.menu.find((m) => m.itemId === 'tsingtao');
      if (beer) beer.priceFen = 1400; // 店内特价
    });
    const v2 = items.map((i) => ({ ...i, priceFen: i.priceFen + 100 }));
    const verdict = await t.downlink.receive('menu', t.hq.signed(menuPush(2, v2)));
    assert.deepEqual(verdict, { result: 'applied', kind: 'menu', version: 2, kept: ['tsingtao'] });
    assert.equal(menu().find((m) => m.itemId === 'tsingtao')?.priceFen, 1400);
    assert.equal(menu().find((m) => m.itemId === 'cola')?.priceFen, 1000);
    const row = t.downlink.view().menu.find((r) => r.id === 'tsingtao');
    assert.deepEqual([row?.cloud?.priceFen, row?.local?.priceFen, row?.overridden], [1700, 1400, true]);
  });

  it('catalog announcements are kept, newest first; the state survives a restart', async () => {
    const push = {
      kind: 'catalog',
      version: 1,
      issuedAt: 5,
      stores: ['s1'],
      body: { catalogVersion: '2026.11', title: '十一月新歌', songCount: 120 },
    };
    assert.equal((await t.downlink.receive('catalog', t.hq.signed(push))).result, 'applied');
    const reopened = await CloudDownlink.open({
      dataDir: t.dataDir,
      storeId: 's1',
      publicKeys: [t.hq.publicKey],
      settings: t.settings,
      alerts: t.alerts,
      logger: pino({ level: 'silent' }),
      now: () => t.clock.now,
    });
    const view = reopened.view();
    assert.equal(view.catalog[0]?.title, '十一月新歌');
    assert.equal(view.applied.ratePlans?.version, 3);
    assert.equal(view.applied.menu?.version, 2);
    const old = await reopened.receive('ratePlans', t.hq.signed(ratePlansPush(3, [pricierPlan(9000)])));
    assert.equal(old.result, 'refused');
  });
});
