import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DurableJsonFile } from './durable-json-file.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { provisionDevice } from './provision.js';
import { SettingsStore } from './settings-store.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ktv-settings-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('the durable adapter: missing file reads null, writes replace the whole document, no temp file left', async () => {
  const file = join(dir, 'doc.json');
  const adapter = new DurableJsonFile<{ n: number }>(file);
  assert.equal(await adapter.read(), null);
  for (const n of [1, 2, 3]) {
    await adapter.write({ n });
    assert.deepEqual(await adapter.read(), { n });
  }
  assert.deepEqual(await readdir(dir), ['doc.json']);
  assert.equal((await stat(file)).mode & 0o777, 0o600);
});

test('passwords: scrypt hashes verify, wrong or malformed do not', async () => {
  const hash = await hashPassword('secret');
  assert.match(hash, /^scrypt\$16384\$8\$1\$/);
  const cases: [string, string, boolean][] = [
    ['secret', hash, true],
    ['Secret', hash, false],
    ['', hash, false],
    ['secret', 'plain', false],
    ['secret', 'scrypt$x$8$1$AA$AA', false],
  ];
  for (const [pw, h, ok] of cases) assert.equal(await verifyPassword(pw, h), ok, `${pw} / ${h}`);
});

test('a second store instance (the CLI) adds a device; the running one sees it on refresh', async () => {
  const running = await SettingsStore.open(join(dir, 'shared'));
  const changes: number[] = [];
  running.onChange(() => changes.push(running.devices().length));
  const cli = await SettingsStore.open(join(dir, 'shared'));
  const bundle = await provisionDevice(cli, { kind: 'room', room: '201', storeId: 's', mqttUrl: 'mqtt://x' });
  assert.equal(running.findDevice('room-201'), undefined);
  assert.equal(await running.refresh(), true);
  assert.equal(await running.refresh(), false);
  const device = running.findDevice('room-201');
  assert.equal(device?.room, '201');
  assert.equal(await verifyPassword(bundle.password, device?.passwordHash ?? ''), true);
  assert.deepEqual(changes, [1]);
});

test('updates started together all land, in call order', async () => {
  const store = await SettingsStore.open(join(dir, 'concurrent'));
  const ids = Array.from({ length: 12 }, (_, i) => `room-${100 + i}`);
  await Promise.all(
    ids.map((deviceId, i) =>
      store.upsertDevice({ deviceId, kind: 'room', room: String(100 + i), passwordHash: 'x', createdAt: i }),
    ),
  );
  const again = await SettingsStore.open(join(dir, 'concurrent'));
  assert.deepEqual(
    again.devices().map((d) => d.deviceId),
    ids,
  );
});
