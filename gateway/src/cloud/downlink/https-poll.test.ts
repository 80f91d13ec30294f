import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { StoreAlerts } from '../../alerts/store-alerts.js';
import { realTimers } from '../../business/alerts/alert-monitor.js';
import { demoBusinessSettings } from '../../settings/business-settings.js';
import { SettingsStore } from '../../settings/settings-store.js';
import { makeTestCa, type TestCa } from '../testing/test-ca.js';
import { CloudDownlink } from './cloud-downlink.js';
import { HttpsDownlinkPoll } from './https-poll.js';
import { menuPush, TestHeadOffice } from './test-pushes.js';

/** The cloud side for the test: an HTTPS server (test CA) serving one document per kind. */
describe('HTTPS poll for pushes (TLS with the cloud CA pinned, bearer token)', () => {
  let dir: string;
  let ca: TestCa;
  let server: Server;
  let port: number;
  const served = new Map<string, Buffer>();
  const requests: { path: string; auth: string | undefined; ifNoneMatch: string | undefined }[] = [];
  const hq = new TestHeadOffice();

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ktv-down-poll-'));
    ca = await makeTestCa(dir);
    server = createServer({ cert: ca.cert, key: ca.key }, (req, res) => {
      requests.push({
        path: req.url ?? '',
        auth: req.headers.authorization,
        ifNoneMatch: req.headers['if-none-match'],
      });
      if (req.headers.authorization !== 'Bearer store-s1-token') {
        res.writeHead(401).end();
        return;
      }
      const kind = /^\/v1\/stores\/s1\/down\/(\w+)$/.exec(req.url ?? '')?.[1] ?? '';
      const body = served.get(kind);
      if (!body) {
        res.writeHead(204).end();
        return;
      }
      const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', etag }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('fetches a signed menu, applies it, asks again with its ETag, and a forged one is refused', async () => {
    const settings = await SettingsStore.open(join(dir, 'data'));
    await settings.update((doc) => {
      doc.business = demoBusinessSettings();
    });
    const alerts = new StoreAlerts(Date.now);
    const downlink = await CloudDownlink.open({
      dataDir: join(dir, 'data'),
      storeId: 's1',
      publicKeys: [hq.publicKey],
      settings,
      alerts,
      logger: pino({ level: 'silent' }),
      now: Date.now,
    });
    const verdicts: string[] = [];
    const poll = new HttpsDownlinkPoll({
      url: `https://127.0.0.1:${port}/v1/events`,
      storeId: 's1',
      token: 'store-s1-token',
      ca: ca.ca,
      servername: ca.servername,
      pollMs: 3_600_000,
      timeoutMs: 5000,
      receive: async (kind, payload) => {
        const v = await downlink.receive(kind, payload);
        verdicts.push(`${kind}:${v.result}`);
        return v;
      },
      timers: realTimers,
      logger: pino({ level: 'silent' }),
    });
    served.set('menu', hq.signed(menuPush(3, [{ itemId: 'cola', name: '可乐', category: '酒水', priceFen: 950 }])));
    await poll.pollNow();
    assert.deepEqual(verdicts, ['menu:applied']);
    assert.equal(settings.data.business?.menu.find((m) => m.itemId === 'cola')?.priceFen, 950);
    assert.deepEqual(
      requests.map((r) => r.path),
      ['/v1/stores/s1/down/ratePlans', '/v1/stores/s1/down/menu', '/v1/stores/s1/down/catalog'],
    );
    await poll.pollNow();
    assert.deepEqual(verdicts, ['menu:applied'], 'not modified: not fetched again');
    assert.ok(requests.at(-2)?.ifNoneMatch);

    served.set(
      'menu',
      new TestHeadOffice().signed(menuPush(4, [{ itemId: 'cola', name: '可乐', category: '酒水', priceFen: 1 }])),
    );
    await poll.pollNow();
    assert.deepEqual(verdicts, ['menu:applied', 'menu:refused']);
    assert.equal(settings.data.business?.menu.find((m) => m.itemId === 'cola')?.priceFen, 950);
    assert.ok(alerts.has('cloudPushRefused', 'menu'));
    poll.stop();
  });

  it('a server with a certificate from another CA is not trusted', async () => {
    const other = await makeTestCa(await mkdtemp(join(tmpdir(), 'ktv-other-ca-')));
    const logs: { msg: string }[] = [];
    let received = 0;
    const poll = new HttpsDownlinkPoll({
      url: `https://127.0.0.1:${port}/`,
      storeId: 's1',
      token: 'store-s1-token',
      ca: other.ca,
      servername: other.servername,
      pollMs: 3_600_000,
      timeoutMs: 5000,
      receive: async () => {
        received++;
      },
      timers: realTimers,
      logger: pino({ level: 'warn' }, { write: (l: string) => logs.push(JSON.parse(l)) }),
    });
    await poll.pollNow();
    assert.equal(received, 0);
    assert.equal(logs.filter((l) => l.msg === 'cloud push poll failed').length, 3);
  });
});
