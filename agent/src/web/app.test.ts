import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { waitUntil } from '../testing/wait.js';
import { buildWebApp, type SimControls } from './app.js';
import type { AgentStateView } from './state-view.js';

function harness(sim: boolean) {
  const state: AgentStateView = {
    storeId: 'demo',
    roomId: '101',
    roomName: '101',
    connected: false,
    outboxPending: 0,
    sensors: { doorOpen: false, motion: false, callActive: false },
    simulated: sim,
  };
  const listeners = new Set<() => void>();
  const calls: string[] = [];
  const controls: SimControls = {
    door: (open) => calls.push(`door:${open}`),
    motion: () => calls.push('motion'),
    call: () => calls.push('call'),
  };
  const changed = () => {
    for (const l of listeners) l();
  };
  return {
    state,
    calls,
    changed,
    build: () =>
      buildWebApp({
        view: () => structuredClone(state),
        onChange: (l) => {
          listeners.add(l);
          return () => listeners.delete(l);
        },
        call: async () => {
          state.sensors = { ...state.sensors, callActive: !state.sensors.callActive };
        },
        sim: sim ? controls : undefined,
        defaultLang: 'zh-CN',
        logger: pino({ level: 'silent' }),
      }),
  };
}

describe('agent web app', () => {
  it('serves i18n, state, the call button and the page', async () => {
    const h = harness(true);
    const app = await h.build();
    const i18n = (await app.inject('/api/i18n')).json() as {
      defaultLang: string;
      catalogs: Record<string, Record<string, string>>;
    };
    assert.equal(i18n.defaultLang, 'zh-CN');
    assert.equal(i18n.catalogs['zh-CN']?.['touch.callStaff'], '呼叫服务');
    assert.equal(i18n.catalogs.en?.['touch.callStaff'], 'Call staff');
    assert.equal(((await app.inject('/api/state')).json() as AgentStateView).roomId, '101');
    const called = (await app.inject({ method: 'POST', url: '/api/call' })).json() as AgentStateView;
    assert.equal(called.sensors.callActive, true);
    const page = await app.inject('/');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /id="call"/);
    assert.equal((await app.inject('/ui/main.js')).statusCode, 200);
    await app.close();
  });

  it('sim routes drive the sim controls and validate their body', async () => {
    const h = harness(true);
    const app = await h.build();
    const door = await app.inject({ method: 'POST', url: '/api/sim/door', payload: { open: true } });
    assert.equal(door.statusCode, 200);
    assert.equal(
      (await app.inject({ method: 'POST', url: '/api/sim/door', payload: { open: 'yes' } })).statusCode,
      400,
    );
    await app.inject({ method: 'POST', url: '/api/sim/motion' });
    await app.inject({ method: 'POST', url: '/api/sim/call' });
    assert.deepEqual(h.calls, ['door:true', 'motion', 'call']);
    await app.close();
  });

  it('sim routes answer 404 KTV_E_NOT_SIM without the sim driver', async () => {
    const app = await harness(false).build();
    for (const url of ['/api/sim/motion', '/api/sim/call']) {
      const res = await app.inject({ method: 'POST', url });
      assert.equal(res.statusCode, 404);
      assert.equal((res.json() as { code: string }).code, 'KTV_E_NOT_SIM');
    }
    await app.close();
  });

  it('the websocket sends the state on connect and on every change', async () => {
    const h = harness(true);
    const app = await h.build();
    await app.ready();
    const messages: { type: string; state: AgentStateView }[] = [];
    const ws = await app.injectWS(
      '/api/ws',
      {},
      {
        onInit: (socket) =>
          socket.on('message', (data: Buffer) => {
            messages.push(JSON.parse(data.toString()) as { type: string; state: AgentStateView });
          }),
      },
    );
    const got = (n: number) => waitUntil(`${n} messages`, () => messages.length >= n);
    await got(1);
    h.state.connected = true;
    h.changed();
    await got(2);
    assert.equal(messages[0]?.type, 'state');
    assert.equal(messages[0]?.state.connected, false);
    assert.equal(messages[1]?.state.connected, true);
    ws.terminate();
    await app.close();
  });
});
