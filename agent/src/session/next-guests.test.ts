import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createIdFactory, type RoomCommand, roomTopic, type SessionSummary } from '@ktv/protocol';
import { connectAsync, type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { type Agent, createAgent } from '../agent.js';
import { validateConfig } from '../config/validate.js';
import { freePort, startBroker, type TestBroker } from '../testing/broker.js';
import { waitUntil } from '../testing/wait.js';

const logger = pino({ level: process.env.KTV_TEST_LOG ?? 'silent' });
const STORE = 's1';
const ROOM = '101';
const newId = createIdFactory();

/**
 * A real agent (simulated player and hardware) on a real broker, told about sessions the way the
 * gateway tells it: after checkout, and after a quick turnover, the next guests find an empty
 * 已点, 公播 playing and the store's levels.
 */
describe('the room is made ready for the next guests', () => {
  let dir: string;
  let broker: TestBroker;
  let gateway: MqttClient;
  let agent: Agent;
  let base: string;

  const session = (sessionId: string): SessionSummary => ({
    sessionId,
    openedAt: Date.now(),
    plannedEndAt: null,
    billSoFarFen: 0,
    roomFeeFen: 0,
    ordersFen: 0,
    packageName: null,
    at: Date.now(),
  });
  const send = async (s: SessionSummary | null) => {
    const command = { id: newId(), type: 'session.update', room: ROOM, at: Date.now(), data: { session: s } };
    await gateway.publishAsync(roomTopic(STORE, ROOM, 'cmd'), JSON.stringify(command as RoomCommand), { qos: 1 });
  };
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.ok(res.ok, `${path}: ${res.status} ${await res.text()}`);
  };
  /** A party that picked songs and set its own levels. */
  const party = async () => {
    await post('/api/queue', { songId: 'a' });
    await post('/api/queue', { songId: 'b' });
    await post('/api/queue', { songId: 'c' });
    await post('/api/volume', { music: 15, mic: 95, muted: true });
    const s = agent.state();
    assert.equal(s.player?.current?.songId, 'a');
    assert.equal(s.player?.upcoming.length, 2);
  };
  const ready = () => {
    const s = agent.state();
    return (
      s.player?.current === null &&
      s.player.upcoming.length === 0 &&
      s.player.background === true &&
      s.volume?.music === 40 &&
      s.volume.mic === 50 &&
      s.volume.muted === false
    );
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ktv-next-guests-'));
    const songs = ['a', 'b', 'c'].map((id) => ({
      id,
      title: `歌${id}`,
      artist: '测试',
      durationMs: 600_000,
      media: `${id}.mkv`,
    }));
    for (const f of ['a.mkv', 'b.mkv', 'c.mkv', 'bg.mkv']) await writeFile(join(dir, f), '');
    await writeFile(
      join(dir, 'catalog.json'),
      JSON.stringify({
        version: 1,
        songs,
        backgroundPlaylist: [{ id: 'bg', title: '公播', durationMs: 600_000, media: 'bg.mkv' }],
      }),
    );
    const port = await freePort();
    broker = await startBroker(port);
    gateway = await connectAsync(`mqtt://127.0.0.1:${port}`, { clientId: 'gateway' });
    const config = validateConfig({
      storeId: STORE,
      roomId: ROOM,
      roomName: '101 小包',
      gateway: { mqttUrl: `mqtt://127.0.0.1:${port}`, username: 'room-101', password: 'pw' },
      web: { host: '127.0.0.1', port: 0 },
      player: { driver: 'sim' },
      catalog: { file: join(dir, 'catalog.json') },
      amp: { driver: 'mpv', initialMusic: 40, initialMic: 50 },
    });
    assert.ok(config.ok, JSON.stringify(config));
    agent = createAgent({ config: config.value, dataDir: join(dir, 'data'), logger });
    base = `http://127.0.0.1:${(await agent.start()).webPort}`;
    await waitUntil('connected', () => agent.state().connected);
  });
  after(async () => {
    await agent?.stop();
    await gateway?.endAsync(true);
    await broker?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('结账: 已点 cleared, the song ended, 公播 and the store levels', async () => {
    await send(session('S1'));
    await waitUntil('in use', () => agent.state().power?.inUse === true);
    await party();
    await send(null);
    await waitUntil('ready for the next guests', ready);
  });

  it('a quick turnover (S3 straight after S2, a resend of S2 between): the same reset', async () => {
    await send(session('S2'));
    await waitUntil('in use', () => agent.state().power?.inUse === true);
    await party();
    await send(session('S2')); // a resend (a reconnect) of the running session
    await send(session('S3'));
    await waitUntil('ready for the next guests', ready);
    assert.equal(agent.state().power?.inUse, true, 'the new party has the room');
  });
});
