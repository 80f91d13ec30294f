/**
 * The front desk's business screens in real Chromium against a real gateway and real agents:
 * 开房 → the tile says 使用中 and the room's touchscreen shows the session → 点单 (2 × a drink) →
 * 退单 with a reason → 结账: the bill on screen is the gateway's bill, line by line, and so is the
 * receipt → 待清洁 → 清扫完成 → 空闲; a refused action shows the refusal.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchStore, type RunningStore } from '../store/launch.js';
import { launchChromium } from '../testkit/browser.js';
import { adminLogin, getJson, postJson } from '../testkit/http.js';
import { makeTempDir } from '../testkit/temp.js';

interface MenuItem {
  itemId: string;
  name: string;
  category: string;
  priceFen: number;
  stock: number;
}
interface Settings {
  ratePlans: { id: string; name: string }[];
  menu: MenuItem[];
}
interface BillLine {
  kind: string;
  amountFen: number;
}
interface Bill {
  lines: BillLine[];
  totalFen: number;
}
interface RoomsAnswer {
  rooms: {
    room: string;
    business: { state: string; session: { sessionId: string; billSoFarFen: number } | null };
  }[];
}

const SHOTS = {
  map: '/tmp/front-desk-map.png',
  checkout: '/tmp/front-desk-checkout.png',
  receipt: '/tmp/front-desk-receipt.png',
  touch: '/tmp/front-desk-touch.png',
};

const yuan = (fen: number) => `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

describe('front desk: open, order, void, check out, receipt, clean (Chromium)', () => {
  const temp = makeTempDir('front-desk');
  const password = 'front-desk-business';
  let store: RunningStore;
  let browser: Browser;
  let admin: Page;
  let touch: Page;
  let token: string;
  let settings: Settings;
  let sessionId: string;
  let finalBill: Bill;
  const api = (path: string) => new URL(path, store.adminUrl).href;
  const tile = (room: string) => `[data-room="${room}"]`;

  before(async () => {
    store = await launchStore({
      dataDir: temp.path,
      storeId: 's1',
      rooms: [
        { id: '101', name: '101 小包' },
        { id: '102', name: '102 中包' },
      ],
      adminPassword: password,
    });
    token = await adminLogin(store.adminUrl, password);
    settings = await getJson<Settings>(api('/api/business/settings'), token);
    browser = await launchChromium();
    admin = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await admin.goto(store.adminUrl);
    await admin.fill('#username', 'admin');
    await admin.fill('#password', password);
    await admin.click('#login');
    touch = await browser.newPage({ viewport: { width: 1024, height: 600 } });
    await touch.goto(store.touchUrls.get('101') as string);
  });
  after(async () => {
    await browser?.close();
    await store?.stop();
    temp.remove();
  });

  it('shows every room free, with its room type, and no session on the touchscreen', async () => {
    for (const room of ['101', '102']) await admin.waitForSelector(`${tile(room)}[data-state="idle"]`);
    const text = (await admin.locator(tile('101')).textContent()) ?? '';
    assert.match(text, /空闲/);
    assert.match(text, /小包/);
    await touch.waitForSelector('#session[data-open="false"]', { state: 'attached' });
  });

  it('开房: the tile goes to 使用中 with time and bill, the touchscreen shows the session', async () => {
    await admin.click(tile('101'));
    await admin.waitForSelector('#room-drawer[data-drawer-room="101"][data-state="idle"]');
    await admin.click('#room-drawer [data-action="open"]');
    await admin.waitForSelector('#desk-form[data-form="open"] #open-plan');
    await admin.selectOption('#open-plan', (settings.ratePlans[0] as { id: string }).id);
    await admin.click('#desk-form [data-action="confirm"]');
    await admin.waitForSelector(`${tile('101')}[data-state="inUse"] .biz-time`);
    const text = (await admin.locator(tile('101')).textContent()) ?? '';
    assert.match(text, /使用中/);
    assert.match(text, /已用 0:0\d:\d\d/);
    assert.match(text, /账单 ¥\d+\.\d\d/);
    await admin.waitForSelector('#room-drawer[data-state="inUse"] [data-action="checkout"]');

    await touch.waitForSelector('#session[data-open="true"]');
    const strip = (await touch.locator('#session').textContent()) ?? '';
    assert.match(strip, /已用时长/);
    assert.match(strip, /消费/);
    // The time counts on locally, without a new update.
    const before = await touch.locator('#session [data-cell="elapsed"] .v').textContent();
    await touch.waitForFunction(
      (was) => document.querySelector('#session [data-cell="elapsed"] .v')?.textContent !== was,
      before,
    );
    const rooms = await getJson<RoomsAnswer>(api('/api/rooms'), token);
    sessionId = rooms.rooms.find((r) => r.room === '101')?.business.session?.sessionId ?? '';
    assert.ok(sessionId);
  });

  it('点单 2 × a drink and 1 × something else; 退单 needs a reason, then the line shows it', async () => {
    const drink = settings.menu.find((m) => m.category === '酒水' && m.stock >= 2) ?? settings.menu[0];
    const other = settings.menu.find((m) => m.itemId !== drink?.itemId && m.stock >= 1);
    assert.ok(drink && other, 'the demo menu has a drink and another item');

    await admin.click('#room-drawer [data-action="order"]');
    await admin.click(`#desk-form[data-form="order"] [data-item-id="${drink.itemId}"]`);
    await admin.click('#desk-form [data-step="1"]');
    assert.equal(await admin.inputValue('#order-qty'), '2');
    await admin.click('#desk-form [data-action="confirm"]');
    await admin.waitForSelector('#room-drawer .orders li[data-line-id]');

    await admin.click('#room-drawer [data-action="order"]');
    await admin.click(`#desk-form[data-form="order"] [data-item-id="${other.itemId}"]`);
    await admin.click('#desk-form [data-action="confirm"]');
    await admin.waitForFunction(() => document.querySelectorAll('#room-drawer .orders li[data-line-id]').length === 2);
    const drinkLine = admin.locator('#room-drawer .orders li[data-line-id]').filter({ hasText: drink.name }).first();
    assert.match(
      (await drinkLine.textContent()) ?? '',
      new RegExp(`× 2.*${yuan(drink.priceFen * 2).replace('.', '\\.')}`),
    );

    // The touchscreen's 消费 follows the orders.
    await touch.waitForFunction(
      (min) => {
        const v = document.querySelector('#session [data-cell="bill"] .v')?.textContent ?? '';
        return Math.round(Number(v.replace(/[^0-9.]/g, '')) * 100) >= min;
      },
      drink.priceFen * 2 + other.priceFen,
    );
    await touch.screenshot({ path: SHOTS.touch });
    await admin.click('#room-drawer [data-action="close-drawer"]');
    await admin.screenshot({ path: SHOTS.map });
    await admin.click(tile('101'));
    await admin.waitForSelector('#room-drawer[data-drawer-room="101"] .orders');

    const otherLine = admin.locator('#room-drawer .orders li[data-line-id]').filter({ hasText: other.name }).first();
    await otherLine.locator('[data-action="void"]').click();
    await admin.waitForSelector('#desk-form[data-form="void"] #void-reason');
    await admin.click('#desk-form [data-action="confirm"]');
    await admin.waitForSelector('#desk-toast[data-code="KTV_E_VOID_REASON"]:not([hidden])');
    assert.match((await admin.locator('#desk-toast').textContent()) ?? '', /原因/);
    await admin.fill('#void-reason', '客人点错了');
    await admin.click('#desk-form [data-action="confirm"]');
    await admin.waitForSelector('#room-drawer .orders li[data-voided="true"]');
    assert.match(
      (await admin.locator('#room-drawer .orders li[data-voided="true"]').textContent()) ?? '',
      /客人点错了/,
    );
  });

  it("结账: every bill line and the total on screen are the gateway's; the receipt shows the same total", async () => {
    await admin.click('#room-drawer [data-action="checkout"]');
    await admin.waitForSelector('#desk-form[data-form="checkout"] #bill-total');
    await admin.click('#desk-form [data-action="confirm"]');
    await admin.waitForSelector('#desk-form[data-form="checkedOut"] #bill-total');
    await admin.screenshot({ path: SHOTS.checkout });
    const answer = await getJson<{ bill: Bill }>(api(`/api/sessions/${sessionId}`), token);
    finalBill = answer.bill;
    const shown = await admin.$$eval('#desk-form tr[data-bill-line]', (rows) =>
      rows.map((r) => ({ kind: (r as HTMLElement).dataset.kind, fen: Number((r as HTMLElement).dataset.fen) })),
    );
    assert.deepEqual(
      shown,
      finalBill.lines.map((l) => ({ kind: l.kind, fen: l.amountFen })),
    );
    assert.ok(
      shown.some((l) => l.kind === 'time'),
      'a room fee line',
    );
    assert.ok(
      shown.some((l) => l.kind === 'order'),
      'order lines',
    );
    const total = admin.locator('#desk-form #bill-total');
    assert.equal(Number(await total.getAttribute('data-fen')), finalBill.totalFen);
    assert.equal(await total.textContent(), yuan(finalBill.totalFen));
    const lineTexts = await admin.$$eval('#desk-form tr[data-bill-line] .amount', (c) => c.map((x) => x.textContent));
    assert.deepEqual(
      lineTexts,
      finalBill.lines.map((l) => (l.amountFen < 0 ? `-${yuan(-l.amountFen)}` : yuan(l.amountFen))),
    );

    const [receipt] = await Promise.all([admin.waitForEvent('popup'), admin.click('#desk-form [data-action="print"]')]);
    await receipt.waitForSelector('#receipt[data-ready="true"]');
    await receipt.setViewportSize({ width: 420, height: 900 });
    const receiptTotal = receipt.locator('#receipt-total');
    assert.equal(Number(await receiptTotal.getAttribute('data-fen')), finalBill.totalFen);
    assert.equal(await receiptTotal.textContent(), yuan(finalBill.totalFen));
    const receiptText = (await receipt.locator('#receipt').textContent()) ?? '';
    assert.match(receiptText, /101 小包/);
    assert.match(receiptText, /谢谢光临/);
    assert.equal(await receipt.locator('tr[data-bill-line]').count(), finalBill.lines.length);
    await receipt.screenshot({ path: SHOTS.receipt, fullPage: true });
    await receipt.close();
  });

  it('the room goes to 待清洁 and the touchscreen drops the session; 清扫完成 makes it 空闲', async () => {
    await admin.waitForSelector(`${tile('101')}[data-state="cleaning"]`);
    assert.match((await admin.locator(tile('101')).textContent()) ?? '', /待清洁/);
    await touch.waitForSelector('#session[data-open="false"]', { state: 'attached' });
    await admin.click('#room-drawer [data-action="clean"]');
    await admin.waitForSelector(`${tile('101')}[data-state="idle"]`);
    assert.match((await admin.locator(tile('101')).textContent()) ?? '', /空闲/);
    await admin.click('#room-drawer [data-action="close-drawer"]');
    await admin.waitForSelector('#room-drawer', { state: 'hidden' });
  });

  it('a refused action shows the refusal: 开房 on a room another desk just put into 维修', async () => {
    await admin.click(tile('102'));
    await admin.click('#room-drawer[data-drawer-room="102"] [data-action="open"]');
    await admin.waitForSelector('#desk-form[data-form="open"] #open-plan');
    await postJson(api('/api/rooms/102/maintenance'), { on: true }, token);
    await admin.waitForSelector('#room-drawer[data-drawer-room="102"][data-state="maintenance"]');
    await admin.click('#desk-form [data-action="confirm"]');
    await admin.waitForSelector('#desk-toast[data-code="KTV_E_ROOM_STATE"]:not([hidden])');
    assert.match((await admin.locator('#desk-toast').textContent()) ?? '', /状态/);
    await admin.waitForSelector(`${tile('102')}[data-state="maintenance"]`);
    assert.match((await admin.locator(tile('102')).textContent()) ?? '', /维修/);
    await admin.click('#room-drawer [data-action="maintenance"][data-on="false"]');
    await admin.waitForSelector(`${tile('102')}[data-state="idle"]`);
    await admin.click('#room-drawer [data-action="close-drawer"]');
  });
  it('预订 shows the booking, 取消预订 frees the room; 换房 moves the party and the bill to a free room', async () => {
    await admin.click(tile('101'));
    await admin.click('#room-drawer[data-drawer-room="101"] [data-action="book"]');
    await admin.fill('#book-name', '王先生');
    await admin.fill('#book-at', '20:30');
    await admin.click('#desk-form [data-action="confirm"]');
    await admin.waitForSelector(`${tile('101')}[data-state="booked"] .biz-booking`);
    assert.match((await admin.locator(`${tile('101')} .biz-booking`).textContent()) ?? '', /王先生 20:30/);
    await admin.click('#room-drawer [data-action="unbook"]');
    await admin.waitForSelector(`${tile('101')}[data-state="idle"]`);
    await admin.click('#room-drawer [data-action="close-drawer"]');

    const plan = (settings.ratePlans[0] as { id: string }).id;
    const opened = await postJson<{ session: { sessionId: string } }>(
      api('/api/rooms/102/open'),
      { ratePlanId: plan },
      token,
    );
    await admin.waitForSelector(`${tile('102')}[data-state="inUse"]`);
    await admin.click(tile('102'));
    await admin.click('#room-drawer[data-drawer-room="102"] [data-action="move"]');
    await admin.click('#desk-form[data-form="move"] [data-to-room="101"]');
    await admin.waitForSelector(`${tile('101')}[data-state="inUse"]`);
    await admin.waitForSelector(`${tile('102')}[data-state="cleaning"]`);
    await admin.waitForSelector('#room-drawer[data-drawer-room="101"][data-state="inUse"]');
    const rooms = await getJson<RoomsAnswer>(api('/api/rooms'), token);
    assert.equal(rooms.rooms.find((r) => r.room === '101')?.business.session?.sessionId, opened.session.sessionId);
    await touch.waitForSelector('#session[data-open="true"]');
  });
});
