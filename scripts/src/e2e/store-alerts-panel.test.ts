/**
 * Pushes from head office as the front desk sees them, in real Chromium against a real gateway
 * process whose cloud (an HTTPS server of this test, TLS with a test CA) serves signed documents
 * made with the real `ktv-gateway cloud keygen` / `cloud sign`: a forged rate plan push shows
 * the 门店告警 alert and changes nothing; a menu push is applied; the store's own price for an item
 * stays through the next push and is shown beside head office's price.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeTestCa, type TestCa } from '@ktv/gateway/cloud/testing';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../testkit/browser.js';
import { adminLogin, getJson } from '../testkit/http.js';
import { GATEWAY_BIN } from '../testkit/paths.js';
import { type RunningProgram, runProgram, startProgram } from '../testkit/process.js';
import { makeTempDir } from '../testkit/temp.js';
import { waitUntil } from '../testkit/wait.js';

const PASSWORD = 'store-alerts-test';
/** What a forger would like: every room for 1 fen an hour. */
const FREE_PLAN = {
  id: 'standard',
  name: '标准价目表',
  timeZone: 'Asia/Shanghai',
  billingUnitMin: 15,
  graceMin: 5,
  rounding: 'jiao',
  serviceChargePct: 0,
  roomTypes: {
    small: {
      periods: [
        {
          name: '全天',
          days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
          start: '00:00',
          end: '24:00',
          pricePerHourFen: 1,
        },
      ],
    },
  },
};
const TOKEN = 'alerts-token';

interface DownlinkView {
  applied: { menu: { version: number } | null };
  menu: { id: string; overridden: boolean }[];
}

describe('admin page: store alerts and pushes from head office', () => {
  const temp = makeTempDir('store-alerts');
  let ca: TestCa;
  let cloud: Server;
  let gateway: RunningProgram;
  let browser: Browser;
  let page: Page;
  let adminUrl: string;
  let token: string;
  let settingsFile: string;
  /** What the cloud serves per kind (signed envelope bytes). */
  const served = new Map<string, Buffer>();

  async function sign(name: string, doc: unknown, keyFile: string): Promise<Buffer> {
    const file = join(temp.path, `${name}.json`);
    const out = join(temp.path, `${name}.signed.json`);
    writeFileSync(file, JSON.stringify(doc));
    const r = await runProgram(GATEWAY_BIN, ['cloud', 'sign', file, '--key', keyFile, '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    return readFileSync(out);
  }

  const menu = (version: number, beer: number) => ({
    kind: 'menu',
    version,
    issuedAt: 1_795_000_000_000,
    stores: ['s1'],
    body: {
      items: [
        { itemId: 'tsingtao', name: '青岛啤酒', category: '酒水', priceFen: beer },
        { itemId: 'cola', name: '可乐', category: '酒水', priceFen: 900 + version },
      ],
    },
  });

  before(async () => {
    ca = await makeTestCa(temp.path);
    cloud = createServer({ cert: ca.cert, key: ca.key }, (req, res) => {
      const kind = /^\/v1\/stores\/s1\/down\/(\w+)$/.exec(req.url ?? '')?.[1];
      const body = kind ? served.get(kind) : undefined;
      if (req.headers.authorization !== `Bearer ${TOKEN}` || !kind) {
        res.writeHead(kind ? 401 : 503).end(); // the event batches: the cloud is busy
        return;
      }
      if (!body) res.writeHead(204).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => cloud.listen(0, '127.0.0.1', resolve));
    const cloudPort = (cloud.address() as AddressInfo).port;

    const keyFile = join(temp.path, 'hq.pem');
    const keygen = await runProgram(GATEWAY_BIN, ['cloud', 'keygen', '--out', keyFile]);
    assert.equal(keygen.code, 0, keygen.stderr);
    const publicKey = /cloud\.publicKeys）：(\S+)/.exec(keygen.stdout)?.[1];
    assert.ok(publicKey, keygen.stdout);
    const forger = join(temp.path, 'forger.pem');
    assert.equal((await runProgram(GATEWAY_BIN, ['cloud', 'keygen', '--out', forger])).code, 0);
    served.set(
      'ratePlans',
      await sign(
        'forged-plans',
        { kind: 'ratePlans', version: 9, issuedAt: 0, stores: '*', body: { ratePlans: [FREE_PLAN] } },
        forger,
      ),
    );
    served.set('menu', await sign('menu-1', menu(1, 1600), keyFile));

    const dataDir = join(temp.path, 'gateway');
    settingsFile = join(dataDir, 'settings.json');
    const config = join(temp.path, 'gateway.json');
    writeFileSync(
      config,
      JSON.stringify({
        storeId: 's1',
        mqtt: { host: '127.0.0.1', port: 0 },
        http: { host: '127.0.0.1', port: 0 },
        cloud: {
          enabled: true,
          transport: 'https',
          retryMinMs: 1000,
          retryMaxMs: 5000,
          pollSec: 1,
          publicKeys: [publicKey],
          https: {
            url: `https://127.0.0.1:${cloudPort}/v1/events`,
            token: TOKEN,
            caFile: ca.caFile,
            servername: ca.servername,
          },
        },
      }),
    );
    gateway = startProgram('gateway', GATEWAY_BIN, ['--data', dataDir, '--config', config], {
      env: { KTV_ADMIN_PASSWORD: PASSWORD },
    });
    const ready = await gateway.waitForLog('gateway ready');
    adminUrl = String(ready.adminUrl);
    token = await adminLogin(adminUrl, PASSWORD);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(adminUrl);
    await page.fill('#username', 'admin');
    await page.fill('#password', PASSWORD);
    await page.click('#login');
  });
  after(async () => {
    await browser?.close();
    await gateway?.stop();
    await new Promise((resolve) => cloud?.close(resolve));
    temp.remove();
  });

  it('a forged push: the alert on the page, a log line, settings unchanged', async () => {
    const line = await gateway.waitForLog(
      (l) => l.msg === 'cloud push refused; settings unchanged' && l.kind === 'ratePlans',
    );
    assert.equal(line.code, 'KTV_E_CLOUD_SIGNATURE');
    const alert = page.locator('#store-alerts-panel .store-alert[data-code="cloudPushRefused"]');
    await alert.waitFor({ timeout: 15_000 });
    assert.match((await alert.textContent()) ?? '', /总部下发的价目表被拒收（KTV_E_CLOUD_SIGNATURE）/);
    const settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as { business: { ratePlans: { id: string }[] } };
    assert.deepEqual(
      settings.business.ratePlans.map((p) => p.id),
      ['standard'],
    );
  });

  it("a menu push applies; the store's own price stays through the next one and is shown beside head office's", async () => {
    await gateway.waitForLog((l) => l.msg === 'cloud push applied' && l.kind === 'menu' && l.version === 1);
    const doc = JSON.parse(readFileSync(settingsFile, 'utf8')) as {
      business: { menu: { itemId: string; priceFen: number }[] };
    };
    const beer = doc.business.menu.find((m) => m.itemId === 'tsingtao');
    assert.equal(beer?.priceFen, 1600);
    if (beer) beer.priceFen = 1300; // 店内特价, edited by the store
    writeFileSync(settingsFile, JSON.stringify(doc, null, 2));
    served.set('menu', await sign('menu-2', menu(2, 1700), join(temp.path, 'hq.pem')));
    await gateway.waitForLog((l) => l.msg === 'cloud push applied' && l.kind === 'menu' && l.version === 2);
    const view = await waitUntil('menu version 2', async () => {
      const v = await getJson<DownlinkView>(`${adminUrl}api/cloud/downlink`, token);
      return v.applied.menu?.version === 2 ? v : undefined;
    });
    const overridden = (id: string) => view.menu.find((r) => r.id === id)?.overridden;
    assert.equal(overridden('tsingtao'), true, "the store's price is an override");
    assert.equal(overridden('cola'), false, 'cola follows head office');
    await page.reload();
    const row = page.locator('#store-alerts-panel .cloud-down-overrides li[data-id="tsingtao"]');
    await row.waitFor({ timeout: 15_000 });
    assert.match((await row.textContent()) ?? '', /青岛啤酒 ¥17\.00 → 青岛啤酒 ¥13\.00/);
    const after = JSON.parse(readFileSync(settingsFile, 'utf8')) as typeof doc;
    assert.equal(after.business.menu.find((m) => m.itemId === 'tsingtao')?.priceFen, 1300);
    assert.equal(after.business.menu.find((m) => m.itemId === 'cola')?.priceFen, 902);
  });
});
