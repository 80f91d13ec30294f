import assert from 'node:assert/strict';
import { test } from 'node:test';
import { notifyPlan, shouldFeed } from './watchdog-plan.js';

test('notifyPlan reads NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID', () => {
  const cases: Array<[Record<string, string | undefined>, number, ReturnType<typeof notifyPlan>]> = [
    [{}, 10, { notify: false, intervalMs: undefined, maxLagMs: 0 }],
    [{ WATCHDOG_USEC: '20000000' }, 10, { notify: false, intervalMs: undefined, maxLagMs: 0 }],
    [{ NOTIFY_SOCKET: '/run/x' }, 10, { notify: true, intervalMs: undefined, maxLagMs: 0 }],
    [{ NOTIFY_SOCKET: '/run/x', WATCHDOG_USEC: '20000000' }, 10, { notify: true, intervalMs: 10000, maxLagMs: 5000 }],
    [
      { NOTIFY_SOCKET: '@abstract', WATCHDOG_USEC: '20000000', WATCHDOG_PID: '10' },
      10,
      { notify: true, intervalMs: 10000, maxLagMs: 5000 },
    ],
    [
      { NOTIFY_SOCKET: '/run/x', WATCHDOG_USEC: '20000000', WATCHDOG_PID: '11' },
      10,
      { notify: true, intervalMs: undefined, maxLagMs: 0 },
    ],
    [{ NOTIFY_SOCKET: '/run/x', WATCHDOG_USEC: 'zero' }, 10, { notify: true, intervalMs: undefined, maxLagMs: 0 }],
    [{ NOTIFY_SOCKET: '', WATCHDOG_USEC: '20000000' }, 10, { notify: false, intervalMs: undefined, maxLagMs: 0 }],
  ];
  for (const [env, pid, want] of cases) assert.deepEqual(notifyPlan(env, pid), want, JSON.stringify(env));
});

test('shouldFeed: only a tick on time from a healthy program', () => {
  const cases: Array<[number, number, number, boolean, boolean]> = [
    [1000, 1000, 50, true, true],
    [1000, 1050, 50, true, true],
    [1000, 1051, 50, true, false],
    [1000, 9000, 50, true, false],
    [1000, 1000, 50, false, false],
  ];
  for (const [expected, ran, max, healthy, want] of cases) {
    assert.equal(shouldFeed(expected, ran, max, healthy), want, `${expected} ${ran} ${max} ${healthy}`);
  }
});
