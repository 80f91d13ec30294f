import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createServiceNotifier } from './service-notifier.js';

/**
 * A stand-in for systemd's notify socket: a real unix datagram socket (python3), printing each
 * message with its own monotonic time in ms, so a blocked test process cannot blur the times.
 */
const LISTENER = `
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print("LISTENING", flush=True)
while True:
    data, anc, flags, addr = s.recvmsg(4096, socket.CMSG_SPACE(16))
    for level, kind, payload in anc:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            import array, os
            fds = array.array("i"); fds.frombytes(payload[: len(payload) - len(payload) % 4])
            for fd in fds: os.close(fd)
    for line in data.decode().splitlines():
        print(int(time.monotonic() * 1000), line, flush=True)
`;

interface Received {
  t: number;
  line: string;
}

function startListener(path: string): Promise<{ child: ChildProcess; received: Received[] }> {
  const child = spawn('python3', ['-c', LISTENER, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  const received: Received[] = [];
  return new Promise((resolve, reject) => {
    let buf = '';
    child.once('error', reject);
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      buf += d;
      let nl = buf.indexOf('\n');
      while (nl >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line === 'LISTENING') resolve({ child, received });
        else {
          const space = line.indexOf(' ');
          received.push({ t: Number(line.slice(0, space)), line: line.slice(space + 1) });
        }
        nl = buf.indexOf('\n');
      }
    });
  });
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const dir = mkdtempSync(join(tmpdir(), 'ktv-notify-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('systemd-notify delivers READY=1 and WATCHDOG=1, and the watchdog starves while the loop is blocked', async () => {
  const socket = join(dir, 'notify.sock');
  const { child, received } = await startListener(socket);
  const problems: string[] = [];
  const notifier = createServiceNotifier({
    env: { NOTIFY_SOCKET: socket, WATCHDOG_USEC: '400000' },
    onProblem: (p) => problems.push(p.kind),
  });
  try {
    await notifier.ready('serving');
    await waitFor('READY=1', () => received.some((r) => r.line === 'READY=1'));
    assert.ok(
      received.some((r) => r.line === `MAINPID=${process.pid}`),
      'MAINPID arrived',
    );
    assert.ok(
      received.some((r) => r.line === 'STATUS=serving'),
      'STATUS arrived',
    );
    const feeds = () => received.filter((r) => r.line === 'WATCHDOG=1');
    await waitFor('three watchdog feeds', () => feeds().length >= 3);

    // Block the event loop for 1.5 s (the watchdog period is 0.4 s): no feed may arrive in it.
    const before = feeds().length;
    const blockedFrom = Date.now();
    while (Date.now() - blockedFrom < 1500) {
      /* a stuck main loop */
    }
    await waitFor('feeds to resume', () => feeds().length >= before + 2);
    assert.ok(problems.includes('stalled'), 'the late tick is reported, not fed');
    assert.ok(!problems.includes('send-failed'), `systemd-notify failed: ${problems.join(',')}`);
    const times = feeds().map((r) => r.t);
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? t));
    assert.ok(Math.max(...gaps) >= 1400, `a gap of >= 1.4 s while blocked, gaps ${gaps.join(',')}`);

    await notifier.stopping();
    await waitFor('STOPPING=1', () => received.some((r) => r.line === 'STOPPING=1'));
    const stoppedAt = received.length;
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(received.slice(stoppedAt).filter((r) => r.line === 'WATCHDOG=1').length, 0, 'no feed after stop');
  } finally {
    notifier.close();
    child.kill();
  }
});

test('an unhealthy program does not feed the watchdog', async () => {
  const socket = join(dir, 'notify2.sock');
  const { child, received } = await startListener(socket);
  let healthy = true;
  const notifier = createServiceNotifier({
    env: { NOTIFY_SOCKET: socket, WATCHDOG_USEC: '200000' },
    healthy: () => healthy,
  });
  try {
    await notifier.ready();
    await waitFor('a feed', () => received.some((r) => r.line === 'WATCHDOG=1'));
    healthy = false;
    await new Promise((r) => setTimeout(r, 150)); // a send already under way may still land
    const count = received.filter((r) => r.line === 'WATCHDOG=1').length;
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(received.filter((r) => r.line === 'WATCHDOG=1').length, count, 'no feed while unhealthy');
    healthy = true;
    await waitFor('feeds again', () => received.filter((r) => r.line === 'WATCHDOG=1').length > count);
  } finally {
    notifier.close();
    child.kill();
  }
});

test('without NOTIFY_SOCKET nothing is sent', async () => {
  const sent: string[][] = [];
  const notifier = createServiceNotifier({
    env: {},
    send: async (s) => {
      sent.push([...s]);
    },
  });
  await notifier.ready();
  await notifier.stopping();
  assert.deepEqual(sent, []);
});
