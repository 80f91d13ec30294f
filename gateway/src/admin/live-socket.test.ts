import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { silentLogger } from '../logger.js';
import type { GatewayStats } from '../stats.js';
import type { LiveMessage } from './admin-api.js';
import { buildAdminApp } from './app.js';
import { Sessions } from './sessions.js';

/**
 * The admin websocket against a backend the test drives: every kind of live message reaches the
 * page at once, except stats, which are coalesced (they change with every event).
 */
describe('admin websocket: what the gateway pushes reaches the page', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ktv-live-socket-'));
  const listeners = new Set<(m: LiveMessage) => void>();
  let statsAsked = 0;
  let app: FastifyInstance;
  let url: string;

  before(async () => {
    const sessions = new Sessions(() => Date.now());
    const token = sessions.create('前台');
    app = await buildAdminApp({
      backend: {
        verifyAdmin: async () => false,
        rooms: async () => [],
        devices: async () => [],
        stats: () => {
          statsAsked += 1;
          return { eventsReceived: statsAsked } as GatewayStats;
        },
        events: () => undefined,
        ackCall: async () => false,
        subscribe: (listener) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      },
      sessions,
      logger: silentLogger(),
      publicDir: join(dir, 'none'),
      scriptsDir: join(dir, 'none'),
    });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    url = `${address.replace('http', 'ws')}/api/ws?token=${token}`;
  });
  after(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('alerts, scenes, cloud, library and rooms at once, in order; a burst of stats as one message', async () => {
    const ws = new WebSocket(url);
    const got: { type: string }[] = [];
    let notify = () => {};
    ws.on('message', (data) => {
      got.push(JSON.parse(String(data)) as { type: string });
      notify();
    });
    const until = (check: () => boolean) =>
      new Promise<void>((resolve) => {
        notify = () => check() && resolve();
        notify();
      });
    await until(() => got.some((m) => m.type === 'snapshot') && listeners.size === 1);
    const push = (m: LiveMessage) => {
      for (const l of listeners) l(m);
    };
    const stats = { type: 'stats', stats: {} } as LiveMessage;
    for (let i = 0; i < 20; i++) push(stats);
    push({ type: 'alerts', alerts: [] });
    push({ type: 'scenes', version: 7, updatedAt: 1 });
    push({ type: 'cloud', cloud: {} } as unknown as LiveMessage);
    push({ type: 'library', library: {} } as unknown as LiveMessage);
    await until(() => got.filter((m) => m.type !== 'snapshot').length >= 5);
    const types = got.filter((m) => m.type !== 'snapshot').map((m) => m.type);
    assert.deepEqual(types, ['alerts', 'scenes', 'cloud', 'library', 'stats'], 'stats come last, once');
    assert.deepEqual(got.at(-1), { type: 'stats', stats: { eventsReceived: statsAsked } });
    assert.equal(
      got.find((m) => m.type === 'scenes') && JSON.stringify(got.find((m) => m.type === 'scenes')),
      '{"type":"scenes","version":7,"updatedAt":1}',
    );
    ws.close();
  });
});
