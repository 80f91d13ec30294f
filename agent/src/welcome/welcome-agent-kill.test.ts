/**
 * The room box's process killed (-9) during the welcome time does not leave the welcome on the TV:
 * the real agent (bin/ktv-agent.js) with a real mpv on Xvfb (the TV), a real broker (Aedes) and
 * MQTT.js playing the gateway's part. mpv outlives the killed agent (its own process group), but
 * an overlay belongs to the IPC connection that drew it, so the orphan's screen is clear; the
 * restarted agent replaces the orphan, hears the session again and shows the rest of the welcome
 * time; the first song clears it and its lyrics are drawn.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createIdFactory, defaultSceneSettings, type RoomCommand, roomTopic, type SessionSummary } from '@ktv/protocol';
import mqtt from 'mqtt';
import { ffmpeg, makeTempDir } from '../player/test-media.js';
import { startBroker, type TestBroker } from '../testing/broker.js';
import { processesWith } from '../testing/processes.js';
import { BOTTOM, brightPixels as bright, MIDDLE, SCREEN } from './testing/screen-bands.js';
import { startXvfb, type XDisplay } from './testing/x-display.js';
import type { WelcomeView } from './welcome-screen.js';

const BIN = fileURLToPath(new URL('../../bin/ktv-agent.js', import.meta.url));

type LogLine = Record<string, unknown> & { msg?: string };

interface RunningAgent {
  proc: ChildProcess;
  url: string;
  waitForLog(check: (l: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
}

/** Starts the agent and follows its JSON log; resolves once it logged `agent ready`. */
async function startAgent(
  configFile: string,
  env: NodeJS.ProcessEnv,
  onSpawn: (proc: ChildProcess) => void,
): Promise<RunningAgent> {
  const proc = spawn(process.execPath, [BIN, '--config', configFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env,
  });
  onSpawn(proc);
  const logs: LogLine[] = [];
  const waiters = new Set<{ check: (l: LogLine) => boolean; resolve: (l: LogLine) => void }>();
  const lines = createInterface({ input: proc.stdout as NodeJS.ReadableStream });
  lines.on('line', (line) => {
    let log: LogLine;
    try {
      log = JSON.parse(line) as LogLine;
    } catch {
      return;
    }
    logs.push(log);
    for (const w of waiters) if (w.check(log)) w.resolve(log);
  });
  const waitForLog = (check: (l: LogLine) => boolean, timeoutMs = 15_000) => {
    const found = logs.find(check);
    if (found) return Promise.resolve(found);
    return new Promise<LogLine>((resolve, reject) => {
      const waiter = {
        check,
        resolve: (l: LogLine) => {
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(l);
        },
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`agent log never matched ${check.toString()}`));
      }, timeoutMs);
      waiters.add(waiter);
    });
  };
  const ready = await Promise.race([
    waitForLog((l) => l.msg === 'agent ready', 30_000),
    new Promise<never>((_, reject) => proc.once('exit', (code) => reject(new Error(`agent exited (${code})`)))),
  ]);
  return { proc, url: String(ready.touchUrl), waitForLog };
}

const exited = (p: ChildProcess) =>
  new Promise((resolve) => (p.exitCode !== null || p.signalCode !== null ? resolve(null) : p.once('exit', resolve)));

describe('the room box killed (-9) during the welcome time (agent process, mpv on Xvfb, MQTT)', () => {
  let x: XDisplay;
  let broker: TestBroker;
  let gateway: mqtt.MqttClient;
  let tmp: { dir: string; remove: () => Promise<void> };
  let configFile: string;
  let socketArg: string;
  let agent: RunningAgent | undefined;
  /** Every agent process started, so that a failed step still leaves none behind. */
  const started: ChildProcess[] = [];
  const ids = createIdFactory();
  let scenesVersion = 1;
  const openedAt = Date.now();
  const session: SessionSummary = {
    sessionId: 'S-welcome-1',
    openedAt,
    plannedEndAt: openedAt + 2 * 3_600_000,
    billSoFarFen: 0,
    roomFeeFen: 0,
    ordersFen: 0,
    packageName: null,
    at: openedAt,
  };

  /** What the gateway sends: on the room's cmd topic, QoS 1. */
  async function send(command: Omit<RoomCommand, 'id' | 'room' | 'at'>): Promise<void> {
    const at = Date.now();
    const full = { ...command, id: ids(at), room: '101', at };
    await gateway.publishAsync(roomTopic('demo', '101', 'cmd'), JSON.stringify(full), { qos: 1 });
  }

  async function frameWhere(what: string, check: (px: Buffer) => boolean, timeoutMs = 15_000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const px = await x.grab();
      if (check(px)) return px;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what} (middle ${bright(px, MIDDLE)}, bottom ${bright(px, BOTTOM)})`);
      }
    }
  }
  const welcomeUp = (px: Buffer) => bright(px, MIDDLE) > 150 && bright(px, BOTTOM) === 0;
  const middleClear = (px: Buffer) => bright(px, MIDDLE) === 0;

  async function welcome(a: RunningAgent): Promise<WelcomeView | null> {
    return ((await (await fetch(`${a.url}api/welcome`)).json()) as { welcome: WelcomeView | null }).welcome;
  }

  /** The agent up and subscribed to its commands, with the store's welcome time (600 s: no race with it). */
  async function bootAgent(): Promise<RunningAgent> {
    // The agent logs 'gateway connected' before its subscription is in: wait for the broker to see it.
    const cmdTopic = roomTopic('demo', '101', 'cmd');
    const subscribed = new Promise<void>((resolve) => {
      const onSubscribe = (subs: { topic: string }[]) => {
        if (!subs.some((sub) => sub.topic === cmdTopic)) return;
        broker.broker.off('subscribe', onSubscribe);
        resolve();
      };
      broker.broker.on('subscribe', onSubscribe);
    });
    const a = await startAgent(configFile, { ...process.env, DISPLAY: x.display }, (proc) => started.push(proc));
    await subscribed;
    // A newer version each boot: the restarted agent keeps the last one on disk and ignores a repeat.
    scenesVersion += 1;
    const settings = { ...defaultSceneSettings(2), version: scenesVersion, welcomeSeconds: 600 };
    await send({ type: 'scenes.update', data: { settings } });
    await a.waitForLog((l) => l.msg === 'light scenes updated' && l.version === scenesVersion);
    return a;
  }

  before(async () => {
    tmp = await makeTempDir('ktv-welcome-kill-');
    const media = tmp.dir;
    // 公播 and the song: plain dark blue pictures (white text stands out), with sound.
    const clip = (file: string, seconds: number) =>
      ffmpeg([
        ...['-f', 'lavfi', '-i', `color=c=0x102040:s=320x240:r=10:d=${seconds}`],
        ...['-f', 'lavfi', '-i', `sine=f=300:d=${seconds}`],
        ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', join(media, file)],
      ]);
    await Promise.all([clip('bg.mkv', 120), clip('moon.mkv', 60)]);
    await writeFile(join(media, 'moon.lrc'), '[00:00.50]月光小夜曲\n[00:20.00]第二行\n[00:40.00]第三行\n');
    const catalog = {
      version: 1,
      songs: [
        {
          id: 'moon',
          title: '月光',
          artist: '测试',
          language: '国语',
          durationMs: 60_000,
          media: 'moon.mkv',
          lyrics: 'moon.lrc',
        },
      ],
      backgroundPlaylist: [{ id: 'bg', title: '公播', durationMs: 120_000, media: 'bg.mkv' }],
    };
    await writeFile(join(media, 'catalog.json'), JSON.stringify(catalog));
    x = await startXvfb(SCREEN.width, SCREEN.height);
    broker = await startBroker();
    gateway = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { clientId: 'test-gateway' });
    const dataDir = join(tmp.dir, 'data');
    socketArg = `--input-ipc-server=${join(dataDir, 'mpv', 'ipc.sock')}`;
    configFile = join(tmp.dir, 'agent.json');
    await writeFile(
      configFile,
      JSON.stringify({
        storeId: 'demo',
        roomId: '101',
        roomName: '101 小包',
        dataDir,
        gateway: { mqttUrl: `mqtt://127.0.0.1:${broker.port}`, username: 'room-101', password: 'x' },
        web: { host: '127.0.0.1', port: 0 },
        player: { driver: 'mpv', extraArgs: ['--vo=x11', '--ao=null', '--force-window=yes', '--fullscreen'] },
        catalog: { file: join(media, 'catalog.json') },
      }),
    );
  });
  after(async () => {
    for (const proc of started) {
      if (proc.exitCode !== null || proc.signalCode !== null) continue;
      proc.kill('SIGTERM');
      const stopped = await Promise.race([exited(proc).then(() => true), delay(10_000).then(() => false)]);
      if (!stopped) proc.kill('SIGKILL');
    }
    for (const pid of await processesWith(socketArg)) process.kill(pid, 'SIGKILL');
    await gateway?.endAsync();
    await broker?.close();
    await x?.stop();
    await tmp?.remove();
  });

  it('开房: the welcome over 公播', async () => {
    agent = await bootAgent();
    await frameWhere('公播 without a welcome', middleClear);
    await send({ type: 'session.update', data: { session } });
    await agent.waitForLog((l) => l.msg === 'welcome screen' && l.shown === true && l.seconds === 600);
    await frameWhere('the welcome over 公播', welcomeUp);
  });

  it('kill -9 of the agent: the orphaned mpv keeps playing, without the welcome', async () => {
    const first = agent as RunningAgent;
    const [orphan] = await processesWith(socketArg);
    assert.ok(orphan, 'the agent runs an mpv');
    first.proc.kill('SIGKILL');
    await exited(first.proc);
    await frameWhere('the welcome gone with the agent', middleClear);
    assert.deepEqual(await processesWith(socketArg), [orphan], 'mpv outlived the agent: the screen is its own');
  });

  it('the agent restarts: the orphan replaced, the session heard again, the rest of the welcome time shown', async () => {
    agent = await bootAgent();
    assert.equal((await processesWith(socketArg)).length, 1, 'one mpv runs');
    await send({ type: 'session.update', data: { session } }); // what the gateway sends when a room comes online
    await agent.waitForLog((l) => l.msg === 'welcome screen' && l.shown === true);
    await frameWhere('the welcome again', welcomeUp);
    const view = await welcome(agent);
    assert.equal(view?.reason, 'sessionOpened');
    assert.ok((view?.until ?? 0) <= Date.now() + 600_000, 'not longer than the welcome time from 开房');
  });

  it('the first song clears it: its lyrics drawn, the middle clear', async () => {
    const a = agent as RunningAgent;
    const res = await fetch(`${a.url}api/queue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ songId: 'moon' }),
    });
    assert.equal(res.status, 200, await res.text());
    await frameWhere('the song with its lyrics, no welcome', (px) => middleClear(px) && bright(px, BOTTOM) > 100);
    assert.equal((await welcome(a))?.reason, 'songStarted');
  });
});
