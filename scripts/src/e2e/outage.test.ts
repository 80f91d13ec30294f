/**
 * Outage, end to end with real processes: the gateway goes away, sensors keep changing on the
 * agent, the agent is killed and restarted, then the gateway comes back. Every event must arrive
 * exactly once, in order.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchStore, type RunningStore } from '../store/launch.js';
import { adminLogin, getJson, postJson } from '../testkit/http.js';
import { makeTempDir } from '../testkit/temp.js';
import { waitUntil } from '../testkit/wait.js';

type ReceivedEvent = { id: string; seq: number; type: string; data: Record<string, unknown>; receivedAt: number };
type AgentState = { connected: boolean; outboxPending: number; sensors: { doorOpen: boolean; callActive: boolean } };

describe('gateway outage with an agent restart', () => {
  const temp = makeTempDir('outage');
  let store: RunningStore;
  let token: string;
  const password = 'outage-test-password';

  before(async () => {
    store = await launchStore({
      dataDir: temp.path,
      storeId: 's1',
      rooms: [{ id: '101', name: '101' }],
      adminPassword: password,
    });
    token = await adminLogin(store.adminUrl, password);
  });
  after(async () => {
    await store?.stop();
    temp.remove();
  });

  const touch = (path: string) => new URL(path, store.touchUrls.get('101')).href;
  const agentState = () => getJson<AgentState>(touch('/api/state'));
  const received = () =>
    getJson<{ events: ReceivedEvent[] }>(new URL('/api/rooms/101/events', store.adminUrl).href, token).then(
      (r) => r.events,
    );

  it('delivers every event exactly once, in order', async () => {
    await waitUntil('the agent to connect', async () => ((await agentState()).connected ? true : undefined));
    await postJson(touch('/api/sim/door'), { open: true });
    await waitUntil('the door event at the gateway', async () =>
      (await received()).some((e) => e.type === 'sensor.changed' && e.data.value === true) ? true : undefined,
    );
    const before = await received();

    // The gateway dies hard.
    await store.gateway.stop('SIGKILL');
    await waitUntil('the agent to notice', async () => ((await agentState()).connected ? undefined : true));

    // Guests keep using the room: door, call button, door again, motion.
    const pendingBefore = (await agentState()).outboxPending;
    await postJson(touch('/api/sim/door'), { open: false });
    await waitUntil('door closed', async () => ((await agentState()).sensors.doorOpen ? undefined : true));
    await postJson(touch('/api/sim/call'));
    await waitUntil('call active', async () => ((await agentState()).sensors.callActive ? true : undefined));
    await postJson(touch('/api/sim/door'), { open: true });
    await waitUntil('door open', async () => ((await agentState()).sensors.doorOpen ? true : undefined));
    const offline = await waitUntil('4 events in the outbox', async () => {
      const s = await agentState();
      return s.outboxPending >= pendingBefore + 3 ? s.outboxPending : undefined;
    });

    // Power cut on the agent, then it starts again while the gateway is still gone.
    await store.agents.get('101')?.stop('SIGKILL');
    await store.startAgent('101');
    const afterRestart = await agentState();
    assert.equal(afterRestart.connected, false);
    assert.ok(afterRestart.outboxPending >= offline, `outbox kept ${afterRestart.outboxPending} of ${offline}`);
    assert.equal(afterRestart.sensors.callActive, true, "the guests' call outlives the power cut");

    // The gateway comes back on the same port; the agent reconnects and drains its outbox.
    await store.startGateway();
    token = await adminLogin(store.adminUrl, password); // a fresh sign-in (the old one survives too)
    await waitUntil(
      'the outbox to drain',
      async () => {
        const s = await agentState();
        return s.connected && s.outboxPending === 0 ? true : undefined;
      },
      { timeoutMs: 30_000 },
    );

    const events = await received();
    const ids = events.map((e) => e.id);
    assert.equal(new Set(ids).size, ids.length, 'no event is recorded twice');
    assert.deepEqual(
      events.map((e) => e.seq),
      events.map((_, i) => i + 1),
      'seq runs 1..n without gaps, in order',
    );
    const sorted = [...ids].sort();
    assert.deepEqual(ids, sorted, 'ULIDs are in creation order too');
    const afterOutage = events.slice(before.length).map((e) => `${e.type}:${JSON.stringify(e.data)}`);
    assert.deepEqual(
      afterOutage.filter((e) => !e.startsWith('agent.started')),
      [
        'sensor.changed:{"sensor":"door","value":false}',
        'service.called:{}',
        'sensor.changed:{"sensor":"door","value":true}',
      ],
    );
    assert.equal(events.filter((e) => e.type === 'agent.started').length, 2, 'one agent.started per agent start');
  });
});
