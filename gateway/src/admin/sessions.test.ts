import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pino } from 'pino';
import { parseConfig } from '../config/load.js';
import { createGateway } from '../gateway.js';
import { SESSIONS_FILE, Sessions } from './sessions.js';

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
async function freshDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'ktv-sessions-'));
  dirs.push(d);
  return d;
}

function recordingLogger() {
  const lines: { msg: string }[] = [];
  return { lines, logger: pino({ level: 'debug' }, { write: (l: string) => lines.push(JSON.parse(l)) }) };
}

describe('admin sessions kept in DATA', () => {
  it('a sign-in survives a reopen; the file holds a hash of the token, not the token', async () => {
    const dir = await freshDir();
    let now = 1_000;
    const { logger } = recordingLogger();
    const a = await Sessions.open(dir, () => now, logger);
    const token = a.create('admin');
    await a.saved();
    const text = await readFile(join(dir, SESSIONS_FILE), 'utf8');
    assert.ok(!text.includes(token), 'no bearer token on disk');
    now += 60_000;
    const b = await Sessions.open(dir, () => now, logger);
    assert.equal(b.lookup(token), 'admin');
    assert.equal(b.lookup(`${token}x`), undefined);
  });

  it('a sign-out stays one after a reopen; an expired session is not brought back', async () => {
    const dir = await freshDir();
    let now = 0;
    const { logger } = recordingLogger();
    const a = await Sessions.open(dir, () => now, logger);
    const out = a.create('admin');
    const old = a.create('desk');
    a.revoke(out);
    await a.saved();
    now = 12 * 60 * 60 * 1000 + 1; // past the 12 h of both
    const b = await Sessions.open(dir, () => now, logger);
    assert.equal(b.lookup(out), undefined);
    assert.equal(b.lookup(old), undefined);
    now = 0;
    const c = await Sessions.open(dir, () => now, logger);
    assert.equal(c.lookup(out), undefined, 'signed out before the reopen');
    assert.equal(c.lookup(old), 'desk');
  });

  it('an unreadable file is logged and set aside: everyone signs in again, the gateway starts', async () => {
    const cases: [string, string][] = [
      ['not JSON', '{"crc":'],
      ['a checksum that does not match', '{"crc":"00000000","body":"{\\"version\\":1,\\"sessions\\":[]}"}\n'],
    ];
    for (const [name, content] of cases) {
      const dir = await freshDir();
      await writeFile(join(dir, SESSIONS_FILE), content);
      const { lines, logger } = recordingLogger();
      const s = await Sessions.open(dir, () => 0, logger);
      assert.equal(s.lookup('anything'), undefined, name);
      assert.ok(
        lines.some((l) => l.msg === 'admin sessions unreadable; everyone signs in again'),
        name,
      );
      const token = s.create('admin');
      await s.saved();
      assert.equal(
        (await Sessions.open(dir, () => 0, logger)).lookup(token),
        'admin',
        `${name}: replaced by a good file`,
      );
    }
  });

  it('a file of another shape is refused by its schema', async () => {
    const dir = await freshDir();
    const { logger: l1 } = recordingLogger();
    const a = await Sessions.open(dir, () => 0, l1);
    a.create('admin');
    await a.saved();
    const doc = JSON.parse(await readFile(join(dir, SESSIONS_FILE), 'utf8')) as { crc: string; body: string };
    const body = JSON.stringify({ version: 1, sessions: [{ tokenHash: 'not-a-hash', username: 'x', expiresAt: 5 }] });
    const { checksum } = await import('../journal/record.js');
    await writeFile(join(dir, SESSIONS_FILE), `${JSON.stringify({ crc: checksum(body), body })}\n`);
    assert.notEqual(doc.body, body);
    const { lines, logger } = recordingLogger();
    await Sessions.open(dir, () => 0, logger);
    assert.ok(lines.some((l) => l.msg === 'admin sessions unreadable; everyone signs in again'));
  });
});

describe('a gateway restart keeps the front desk signed in', () => {
  it('the token from before the restart still opens /api/rooms; after logout it does not', async () => {
    const dataDir = await freshDir();
    const config = parseConfig({
      storeId: 's1',
      mqtt: { host: '127.0.0.1', port: 0 },
      http: { host: '127.0.0.1', port: 0 },
    });
    const start = async () => {
      const gateway = createGateway({ dataDir, config, logger: pino({ level: 'silent' }), adminPassword: 'pw-123456' });
      const { httpPort } = await gateway.start();
      return { gateway, url: `http://127.0.0.1:${httpPort}` };
    };
    const rooms = (url: string, token: string) =>
      fetch(`${url}/api/rooms`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);

    const first = await start();
    const login = await fetch(`${first.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'pw-123456' }),
    });
    const { token } = (await login.json()) as { token: string };
    assert.equal(await rooms(first.url, token), 200);
    await first.gateway.stop();

    const second = await start();
    try {
      assert.equal(await rooms(second.url, token), 200);
      const out = await fetch(`${second.url}/api/logout`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      assert.ok(out.ok);
      assert.equal(await rooms(second.url, token), 401);
    } finally {
      await second.gateway.stop();
    }
    const third = await start();
    try {
      assert.equal(await rooms(third.url, token), 401, 'signed out stays signed out');
    } finally {
      await third.gateway.stop();
    }
  });
});
