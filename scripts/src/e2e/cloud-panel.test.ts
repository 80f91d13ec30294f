/**
 * The cloud link panel on the admin page, in real Chromium against a real gateway process whose
 * cloud (the reference receiver's HTTPS endpoint, TLS with a test CA) is down at first: the
 * front desk sees the backlog grow while the cloud is away and drain to nothing when it returns,
 * without doing anything (the panel has nothing to press).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeTestCa, type TestCa } from '@ktv/gateway/cloud/testing';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../testkit/browser.js';
import { adminLogin, postJson } from '../testkit/http.js';
import { freePort } from '../testkit/net.js';
import { GATEWAY_BIN } from '../testkit/paths.js';
import { type RunningProgram, runProgram, startProgram } from '../testkit/process.js';
import { makeTempDir } from '../testkit/temp.js';

const PASSWORD = 'cloud-panel-test';
const TOKEN = 'panel-token';

describe('admin page: the cloud link panel', () => {
  const temp = makeTempDir('cloud-panel');
  let ca: TestCa;
  let gateway: RunningProgram;
  let receiver: RunningProgram | undefined;
  let browser: Browser;
  let page: Page;
  let adminUrl: string;
  let receiverPort: number;

  before(async () => {
    ca = await makeTestCa(temp.path);
    receiverPort = await freePort();
    const dataDir = join(temp.path, 'gateway');
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
          retryMinMs: 200,
          retryMaxMs: 1000,
          https: {
            url: `https://127.0.0.1:${receiverPort}/v1/events`,
            token: TOKEN,
            caFile: ca.caFile,
            servername: ca.servername,
          },
        },
      }),
    );
    for (const room of ['101', '102']) {
      const r = await runProgram(GATEWAY_BIN, ['device', 'add', '--room', room, '--data', dataDir, '--out', '-']);
      assert.equal(r.code, 0, r.stderr);
    }
    gateway = startProgram('gateway', GATEWAY_BIN, ['--data', dataDir, '--config', config], {
      env: { KTV_ADMIN_PASSWORD: PASSWORD },
    });
    const ready = await gateway.waitForLog('gateway ready');
    adminUrl = String(ready.adminUrl);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(adminUrl);
    await page.fill('#username', 'admin');
    await page.fill('#password', PASSWORD);
    await page.click('#login');
  });
  after(async () => {
    await browser?.close();
    await receiver?.stop();
    await gateway?.stop();
    temp.remove();
  });

  const panelWaiting = () => page.locator('#cloud-panel').getAttribute('data-waiting').then(Number);

  it('shows the backlog growing while the cloud is down and draining when it returns', async () => {
    await page.waitForSelector('#cloud-panel[data-loaded="true"][data-enabled="true"][data-connected="false"]');
    const token = await adminLogin(adminUrl, PASSWORD);
    const api = (path: string) => new URL(path, adminUrl).href;
    const opened = await postJson<{ session: { sessionId: string } }>(
      api('/api/rooms/101/open'),
      { ratePlanId: 'standard' },
      token,
    );
    const sessionId = opened.session.sessionId;
    await page.waitForFunction(() => Number(document.querySelector('#cloud-panel')?.getAttribute('data-waiting')) >= 1);
    const first = await panelWaiting();
    for (let i = 0; i < 5; i += 1) {
      await postJson(api(`/api/sessions/${sessionId}/orders`), { itemId: 'tsingtao', qty: 1 }, token);
    }
    await page.waitForFunction(
      (n) => Number(document.querySelector('#cloud-panel')?.getAttribute('data-waiting')) >= n,
      first + 5,
    );
    const text = (await page.locator('#cloud-panel').textContent()) ?? '';
    assert.match(text, /总部云端/);
    assert.match(text, /未连接/);
    assert.match(text, /待上传/);
    assert.match(text, /网络恢复后自动补传/);
    const age = Number(await page.locator('#cloud-panel').getAttribute('data-oldest-age-ms'));
    assert.ok(age > 0, 'the oldest waiting event has an age');
    assert.equal(await page.locator('#cloud-panel button, #cloud-panel input, #cloud-panel select').count(), 0);

    // The cloud returns: nobody at the store does anything.
    receiver = startProgram('receiver', GATEWAY_BIN, [
      'cloud',
      'receive',
      '--data',
      join(temp.path, 'cloud'),
      '--https-port',
      String(receiverPort),
      '--tls-cert',
      ca.certFile,
      '--tls-key',
      ca.keyFile,
      '--token',
      TOKEN,
    ]);
    await receiver.waitForLog((l) => l.ready === true);
    await page.waitForSelector('#cloud-panel[data-connected="true"][data-waiting="0"]', { timeout: 20_000 });
    const after = (await page.locator('#cloud-panel').textContent()) ?? '';
    assert.match(after, /已连接/);
    assert.match(after, /全部已上传/);
    assert.notEqual(await page.locator('#cloud-panel').getAttribute('data-last-ack-at'), '');

    // What the front desk did is in the cloud.
    const events = await runProgram(GATEWAY_BIN, [
      'cloud',
      'events',
      '--data',
      join(temp.path, 'cloud'),
      '--store',
      's1',
      '--json',
    ]);
    const kinds = events.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { kind: string }).kind);
    assert.equal(kinds.filter((k) => k === 'business.order.added').length, 5);
    assert.equal(kinds.filter((k) => k === 'business.session.opened').length, 1);
  });
});
