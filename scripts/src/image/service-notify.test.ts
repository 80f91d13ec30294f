import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AGENT_BIN, GATEWAY_BIN } from '../testkit/paths.js';
import { startProgram } from '../testkit/process.js';
import { makeTempDir } from '../testkit/temp.js';
import { waitUntil } from '../testkit/wait.js';

/** systemd's notify socket stand-in: a real unix datagram socket (python3) printing each line. */
const LISTENER = `
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print("LISTENING", flush=True)
while True:
    data = s.recv(4096)
    for line in data.decode().splitlines():
        print(line, flush=True)
`;

function listen(path: string): Promise<{ child: ChildProcess; lines: string[] }> {
  const child = spawn('python3', ['-c', LISTENER, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    let buf = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      buf += d;
      const parts = buf.split('\n');
      buf = parts.pop() ?? '';
      for (const l of parts) {
        if (l === 'LISTENING') resolve({ child, lines });
        else lines.push(l);
      }
    });
  });
}

describe('the programs under systemd: READY=1, the watchdog, STOPPING=1 (through systemd-notify)', () => {
  let dir: { path: string; remove(): void };
  before(() => {
    dir = makeTempDir('service-notify');
  });
  after(() => dir.remove());

  const cases: Array<[string, string, (d: string) => string[], string]> = [
    [
      'ktv-gateway run',
      GATEWAY_BIN,
      (d) => {
        const config = join(d, 'gateway.json');
        writeFileSync(
          config,
          JSON.stringify({
            storeId: 'notify',
            mqtt: { host: '127.0.0.1', port: 0 },
            http: { host: '127.0.0.1', port: 0 },
          }),
        );
        return ['run', '--data', join(d, 'gw'), '--config', config];
      },
      'gateway ready',
    ],
    [
      'ktv-agent run',
      AGENT_BIN,
      (d) => {
        const config = join(d, 'agent.json');
        writeFileSync(
          config,
          JSON.stringify({
            version: 1,
            storeId: 'notify',
            roomId: '101',
            roomName: '101',
            dataDir: join(d, 'agent'),
            gateway: { mqttUrl: 'mqtt://127.0.0.1:1', username: 'room-101', password: 'x' },
            web: { host: '127.0.0.1', port: 0 },
          }),
        );
        return ['run', '--config', config];
      },
      'agent ready',
    ],
  ];
  for (const [name, bin, args, readyLog] of cases) {
    test(name, async () => {
      const socket = join(dir.path, `${name.split(' ')[0]}.sock`);
      const { child: listener, lines } = await listen(socket);
      const program = startProgram(name, bin, args(dir.path), {
        env: { NOTIFY_SOCKET: socket, WATCHDOG_USEC: '1000000' },
      });
      try {
        await program.waitForLog(readyLog, 60_000);
        await waitUntil('READY=1', () => (lines.includes('READY=1') ? true : undefined));
        assert.ok(lines.includes(`MAINPID=${program.child.pid}`), `MAINPID is the program: ${lines.join(' ')}`);
        await waitUntil('two watchdog feeds', () =>
          lines.filter((l) => l === 'WATCHDOG=1').length >= 2 ? true : undefined,
        );
        assert.equal(await program.stop('SIGTERM'), 0);
        assert.ok(lines.includes('STOPPING=1'), 'STOPPING=1 on SIGTERM');
      } finally {
        await program.stop('SIGKILL');
        listener.kill();
      }
    });
  }
});
