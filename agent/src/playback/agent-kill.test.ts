import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { makeTempDir } from '../player/test-media.js';
import { processesWith } from '../testing/processes.js';
import { waitUntil } from '../testing/wait.js';
import type { AgentStateView } from '../web/state-view.js';
import { makeTestCatalog } from './test-catalog.js';

const BIN = fileURLToPath(new URL('../../bin/ktv-agent.js', import.meta.url));
const SAVE_MS = 2000;

interface Running {
  proc: ChildProcess;
  url: string;
}

/** Starts the agent process and resolves once it logged `agent ready`. */
function startAgent(configFile: string): Promise<Running> {
  const proc = spawn(process.execPath, [BIN, '--config', configFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: proc.stdout });
    lines.on('line', (line) => {
      const log = JSON.parse(line) as { msg?: string; touchUrl?: string };
      if (log.msg === 'agent ready' && log.touchUrl) resolve({ proc, url: log.touchUrl });
    });
    proc.once('exit', (code) => reject(new Error(`agent exited (${code}) before ready`)));
  });
}

async function state(a: Running): Promise<AgentStateView> {
  return (await (await fetch(`${a.url}api/state`)).json()) as AgentStateView;
}

async function post(a: Running, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${a.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 200, await res.text());
}

const exited = (p: ChildProcess) =>
  new Promise((resolve) => (p.exitCode !== null ? resolve(null) : p.once('exit', resolve)));

let media: { dir: string; remove: () => Promise<void> };
let catalogFile: string;
before(async () => {
  media = await makeTempDir('ktv-kill-media-');
  catalogFile = await makeTestCatalog(media.dir, { two: 30, lr: 5, bg: 10 });
});
after(() => media.remove());

describe('the agent killed with -9 mid-song', () => {
  it('restarts with the queue intact and the song resumed near its saved position', async () => {
    const data = await makeTempDir('ktv-kill-data-');
    const config = join(data.dir, 'agent.json');
    await writeFile(
      config,
      JSON.stringify({
        storeId: 'demo',
        roomId: '101',
        roomName: '101',
        dataDir: join(data.dir, 'data'),
        // No gateway listens there: playback must not care.
        gateway: { mqttUrl: 'mqtt://127.0.0.1:9', username: 'room-101', password: 'x' },
        web: { host: '127.0.0.1', port: 0 },
        player: { driver: 'mpv', extraArgs: ['--vo=null', '--ao=null'], positionSaveMs: SAVE_MS },
        catalog: { file: catalogFile },
      }),
    );
    const socketArg = `--input-ipc-server=${join(data.dir, 'data', 'mpv', 'ipc.sock')}`;
    let agent: Running | undefined;
    try {
      agent = await startAgent(config);
      await post(agent, 'api/queue', { songId: 'two' });
      await post(agent, 'api/queue', { songId: 'lr' });
      await post(agent, 'api/player/vocals', { mode: 'vocalsOff' });
      // The guests turn the music down, the microphone up and mute; the levels reach the disk.
      await post(agent, 'api/volume', { music: 37, mic: 61, muted: true });
      const levelsFile = join(data.dir, 'data', 'volume.json');
      const levels = { version: 1, music: 37, mic: 61, muted: true };
      let onDisk = '';
      const readLevels = setInterval(() => {
        void readFile(levelsFile, 'utf8').then(
          (t) => {
            onDisk = t;
          },
          () => undefined,
        );
      }, 20);
      try {
        await waitUntil('volume.json written', () => onDisk === `${JSON.stringify(levels)}\n`);
      } finally {
        clearInterval(readLevels);
      }
      const first = agent;
      let lastPosition = 0;
      const poll = setInterval(() => {
        void state(first).then((s) => {
          lastPosition = s.player?.positionMs ?? 0;
        });
      }, 100);
      try {
        await waitUntil('the song to pass 5 s', () => lastPosition >= 5000, 15_000);
      } finally {
        clearInterval(poll);
      }
      const before = await state(first);
      const killedAt = before.player?.positionMs ?? 0;
      first.proc.kill('SIGKILL');
      await exited(first.proc);

      agent = await startAgent(config);
      const after = await state(agent);
      assert.equal(after.player?.current?.songId, 'two');
      assert.equal(after.player?.current?.entryId, before.player?.current?.entryId);
      assert.deepEqual(
        after.player?.upcoming.map((e) => e.songId),
        ['lr'],
      );
      assert.equal(after.player?.vocalMode, 'vocalsOff');
      assert.deepEqual(
        { music: after.volume?.music, mic: after.volume?.mic, muted: after.volume?.muted },
        { music: 37, mic: 61, muted: true },
        "the guests' levels, not the configured ones",
      );
      assert.equal(after.player?.background, false);
      const resumedAt = after.player?.positionMs ?? 0;
      assert.ok(
        resumedAt <= killedAt + 1000 && resumedAt >= killedAt - SAVE_MS - 1000,
        `killed at ${killedAt} ms, resumed at ${resumedAt} ms`,
      );
      assert.equal((await processesWith(socketArg)).length, 1, 'the orphaned mpv was killed, one mpv runs');
    } finally {
      if (agent && agent.proc.exitCode === null) {
        agent.proc.kill('SIGTERM');
        await exited(agent.proc);
      }
      for (const pid of await processesWith(socketArg)) process.kill(pid, 'SIGKILL');
      await data.remove();
    }
  });
});
