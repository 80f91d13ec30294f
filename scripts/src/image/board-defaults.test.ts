import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { AGENT_BIN, REPO_ROOT } from '../testkit/paths.js';
import { runProgram } from '../testkit/process.js';
import { makeTempDir } from '../testkit/temp.js';

const boardsDir = join(REPO_ROOT, 'images/boards');

test("every board's agent defaults and a bundle make a valid agent config (the image's first boot)", async (t) => {
  const dir = makeTempDir('boards');
  t.after(() => dir.remove());
  const boards = readdirSync(boardsDir).sort();
  assert.deepEqual(boards, ['qemu', 'rpi4']);
  for (const board of boards) {
    const from = join(dir.path, board, 'boot', 'ktv-bundle.json');
    const config = join(dir.path, board, 'data', 'agent.json');
    mkdirSync(join(dir.path, board, 'boot'), { recursive: true });
    mkdirSync(join(dir.path, board, 'data'), { recursive: true });
    writeFileSync(
      from,
      JSON.stringify({
        version: 1,
        kind: 'room',
        storeId: 's1',
        roomId: '101',
        roomName: '101',
        deviceId: 'room-101',
        mqttUrl: 'mqtt://10.0.0.2:1883',
        httpUrl: 'http://10.0.0.2:8081',
        username: 'room-101',
        password: 'pw-123456',
      }),
    );
    // As ktv-agent.service's ExecStartPre runs it.
    const defaults = join(boardsDir, board, 'agent-defaults.json');
    const r = await runProgram(AGENT_BIN, [
      'bundle',
      'import',
      '--from',
      from,
      '--config',
      config,
      '--defaults',
      defaults,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).imported, true);
    assert.equal(statSync(config).mode & 0o777, 0o600);
    const check = await runProgram(AGENT_BIN, ['config', 'check', config]);
    assert.equal(check.code, 0, `${board}: ${check.stderr}`);
    const written = JSON.parse(readFileSync(config, 'utf8')) as {
      dataDir: string;
      player: { driver: string; extraArgs: string[] };
      sensors?: { driver: string };
      catalog?: { source?: string; gatewayHttpUrl?: string };
      tv?: { driver?: string; cec?: { device?: string } };
    };
    assert.equal(written.catalog?.gatewayHttpUrl, 'http://10.0.0.2:8081', `${board}: the bundle's HTTP address`);
    assert.equal(written.player.driver, 'mpv', board);
    assert.equal(written.dataDir, join(dir.path, board, 'data'));
    if (board === 'rpi4') {
      assert.equal(written.sensors?.driver, 'gpiod');
      assert.ok(written.player.extraArgs.includes('--drm-connector=HDMI-A-1'), 'mpv on the HDMI output');
      assert.ok(written.player.extraArgs.includes('--force-window=yes'), 'the welcome screen shows over nothing');
      assert.equal(written.catalog?.source, 'gateway', "the room box plays the store's catalog");
      assert.deepEqual(written.tv, { driver: 'cec', cec: { device: '/dev/cec0' } }, 'the TV over HDMI-CEC');
    }
    const again = await runProgram(AGENT_BIN, ['bundle', 'import', '--from', from, '--config', config]);
    assert.equal(again.code, 0);
    assert.equal(JSON.parse(again.stdout).imported, false, 'the next boot keeps the config');
  }
});
