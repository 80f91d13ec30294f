import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort } from './testing/broker.js';

const BIN = fileURLToPath(new URL('../bin/ktv-agent.js', import.meta.url));

function run(args: string[]) {
  const proc = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exit = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, exit, stderr: () => stderr };
}

describe('ktv-agent CLI', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ktv-agent-cli-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('--version and --help exit 0; bad arguments exit 2', async () => {
    assert.equal(await run(['--version']).exit, 0);
    assert.equal(await run(['--help']).exit, 0);
    assert.equal(await run(['--nope']).exit, 2);
    assert.equal(await run(['frobnicate']).exit, 2);
    assert.equal(await run(['run']).exit, 2);
  });

  it('a bad config exits 2 and prints each error with its path', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ storeId: 'demo', roomId: '1', roomName: '1', sensors: { debounceMs: -1 } }));
    for (const args of [
      ['config', 'check', file],
      ['run', '--config', file],
    ]) {
      const r = run(args);
      assert.equal(await r.exit, 2);
      assert.match(r.stderr(), /\/sensors\/debounceMs must be >= 0/);
      assert.match(r.stderr(), /must have required property 'gateway'/);
    }
  });

  it('runs offline, logs agent ready, and exits 0 on SIGTERM', async () => {
    const file = join(dir, 'good.json');
    const port = await freePort();
    await writeFile(
      file,
      JSON.stringify({
        storeId: 'demo',
        roomId: '101',
        roomName: '101',
        gateway: { mqttUrl: `mqtt://127.0.0.1:${port}`, username: 'room-101', password: 'pw' },
        web: { host: '127.0.0.1', port: 0 },
      }),
    );
    const r = run(['run', '--config', file, '--data', join(dir, 'data')]);
    for await (const line of createInterface({ input: r.proc.stdout })) {
      const entry = JSON.parse(line) as { msg: string; webPort?: number; touchUrl?: string };
      if (entry.msg === 'agent ready') {
        assert.ok((entry.webPort ?? 0) > 0);
        const state = (await (await fetch(`${entry.touchUrl}api/state`)).json()) as {
          connected: boolean;
          outboxPending: number;
        };
        assert.equal(state.connected, false);
        assert.equal(state.outboxPending, 1); // agent.started, waiting for the gateway
        r.proc.kill('SIGTERM');
      }
    }
    assert.equal(await r.exit, 0);
  });
});
