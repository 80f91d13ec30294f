import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { quoteBill, validateRatePlan } from '../billing/index.js';
import { ensureBusinessSettings } from '../business/business-module.js';
import { silentLogger } from '../logger.js';
import { demoBusinessSettings, demoRatePlan, roomTypeFor, validateBusinessSettings } from './business-settings.js';
import { SettingsStore } from './settings-store.js';

describe('business settings', () => {
  it('the demo price list is a valid, consistent rate plan and a valid settings document', () => {
    const checked = validateRatePlan(demoRatePlan());
    assert.ok(checked.ok, checked.ok ? '' : checked.errors.join('\n'));
    assert.ok(validateBusinessSettings(demoBusinessSettings()).ok);
  });

  const hour = (d: number, h: number) => Date.UTC(2026, 10, d, h - 8, 0);
  const prices: [string, string, number, number, number][] = [
    // room type, when (Shanghai), start, end, expected time charge for exactly one hour
    ['small', 'Tuesday 午场 14:00', hour(17, 14), hour(17, 15), 3800],
    ['small', 'Friday 黄金档 19:00', hour(20, 19), hour(20, 20), 10800],
    ['medium', 'Tuesday 晚场 23:00', hour(17, 23), hour(18, 0), 9800],
    ['large', 'Saturday 通宵 03:00', hour(21, 3), hour(21, 4), 5800],
    ['deluxe', 'Sunday 黄金档 (weekday prices)', hour(22, 19), hour(22, 20), 26800],
  ];
  for (const [roomType, name, startAt, endAt, fen] of prices) {
    it(`prices one hour of ${roomType} on ${name} at ${fen} fen`, () => {
      const bill = quoteBill(demoRatePlan(), { segments: [{ room: '1', roomType, startAt, endAt }], orders: [] });
      assert.equal(bill.roomFeeFen, fen);
    });
  }

  const types: [Record<string, string>, string, string | undefined, string][] = [
    [{}, '101', '101 小包', 'small'],
    [{}, '201', '201 豪华包', 'deluxe'],
    [{}, '301', undefined, 'small'],
    [{ '301': 'large' }, '301', '301 小包', 'large'],
    [{ '301': 'unknown' }, '301', '301 中包', 'medium'],
  ];
  for (const [byRoom, room, name, expected] of types) {
    it(`room ${room} (${name ?? 'no name'}, ${JSON.stringify(byRoom)}) is ${expected}`, () => {
      const s = demoBusinessSettings();
      s.roomTypeByRoom = byRoom;
      assert.equal(roomTypeFor(s, room, name).id, expected);
    });
  }

  it('is seeded on first start, kept as edited afterwards, and a broken one is refused with its path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ktv-business-settings-'));
    try {
      const store = await SettingsStore.open(dir);
      await ensureBusinessSettings(store, silentLogger());
      assert.equal(store.data.business?.menu.length, 10);
      await store.update((doc) => {
        if (doc.business) doc.business.menu = doc.business.menu.slice(0, 2);
      });
      const again = await SettingsStore.open(dir);
      await ensureBusinessSettings(again, silentLogger());
      assert.equal(again.data.business?.menu.length, 2);
      await again.update((doc) => {
        const first = doc.business?.menu[0];
        if (first) first.priceFen = -1;
      });
      await assert.rejects(ensureBusinessSettings(again, silentLogger()), /business: \/menu\/0\/priceFen must be >= 0/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
