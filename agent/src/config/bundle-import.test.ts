import assert from 'node:assert/strict';
import { pbkdf2Sync } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { KtvError } from '@ktv/protocol';
import { importBundle, wifiConfigPath, wpaSupplicantConfig } from './bundle-import.js';
import { loadConfigFile } from './load.js';

const bundle = {
  version: 1,
  kind: 'room',
  storeId: 'store-1',
  roomId: '101',
  roomName: '101 房',
  deviceId: 'room-101',
  mqttUrl: 'mqtt://10.0.0.2:1883',
  username: 'room-101',
  password: 'secret-password-1',
};

const base = await mkdtemp(join(tmpdir(), 'ktv-bundle-import-'));
after(() => rm(base, { recursive: true, force: true }));
let n = 0;
async function layout(content: unknown = bundle) {
  const dir = join(base, String(n++));
  const boot = join(dir, 'boot');
  const data = join(dir, 'data');
  await mkdir(boot, { recursive: true });
  await mkdir(data, { recursive: true });
  const from = join(boot, 'ktv-bundle.json');
  if (content !== null) await writeFile(from, typeof content === 'string' ? content : JSON.stringify(content));
  return { from, config: join(data, 'agent.json'), data, dir };
}

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

describe('importBundle (first boot)', () => {
  it('turns the bundle into a 0600 config in the data folder and removes it from the boot partition', async () => {
    const l = await layout();
    const defaults = join(l.dir, 'defaults.json');
    await writeFile(defaults, JSON.stringify({ player: { driver: 'mpv', extraArgs: ['--fs'] }, web: { port: 8090 } }));
    const r = await importBundle({ from: l.from, config: l.config, defaults }, false);
    assert.deepEqual(r, { imported: true, deviceId: 'room-101', config: l.config, wifi: undefined });
    assert.equal(await exists(l.from), false, 'bundle removed');
    assert.equal((await stat(l.config)).mode & 0o777, 0o600);
    const config = await loadConfigFile(l.config);
    assert.equal(config.roomId, '101');
    assert.equal(config.gateway.password, 'secret-password-1');
    assert.equal(config.gateway.mqttUrl, 'mqtt://10.0.0.2:1883');
    assert.equal(config.dataDir, l.data, 'the data folder is the config folder');
    assert.deepEqual(config.player.extraArgs, ['--fs'], 'board defaults applied');
    assert.equal(config.player.driver, 'mpv');
  });

  it('keeps the config when there is no bundle, and fails when there is neither', async () => {
    const l = await layout();
    await importBundle({ from: l.from, config: l.config }, false);
    assert.deepEqual(await importBundle({ from: l.from, config: l.config }, false), {
      imported: false,
      config: l.config,
    });
    const empty = await layout(null);
    await assert.rejects(importBundle({ from: empty.from, config: empty.config }, false), (e: unknown) => {
      assert.ok(e instanceof KtvError);
      assert.equal(e.code, 'KTV_E_CONFIG');
      assert.match(e.message, /no config .* and no provisioning bundle/);
      return true;
    });
  });

  it('a new bundle replaces the config (re-provisioning)', async () => {
    const l = await layout();
    await importBundle({ from: l.from, config: l.config }, false);
    await writeFile(l.from, JSON.stringify({ ...bundle, password: 'rotated-password-2' }));
    await importBundle({ from: l.from, config: l.config }, false);
    assert.equal((await loadConfigFile(l.config)).gateway.password, 'rotated-password-2');
  });

  it('refuses a broken or invalid bundle and leaves it in place', async () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['not JSON', '{"version": 1,', /is not JSON/],
      ['a monitor bundle', { ...bundle, kind: 'monitor' }, /is invalid/],
      ['no password', { ...bundle, password: undefined }, /is invalid/],
      ['a short Wi-Fi passphrase', { ...bundle, wifi: { ssid: 'ktv', passphrase: 'short' } }, /is invalid/],
    ];
    for (const [what, content, message] of cases) {
      const l = await layout(content);
      await assert.rejects(importBundle({ from: l.from, config: l.config }, false), message, what);
      assert.equal(await exists(l.from), true, `${what}: bundle kept`);
      assert.equal(await exists(l.config), false, `${what}: no config written`);
    }
  });

  it('writes the Wi-Fi as a hashed PSK for wpa_supplicant', async () => {
    const l = await layout({ ...bundle, wifi: { ssid: 'KTV-店内', passphrase: 'pass "word" 123' } });
    const r = await importBundle({ from: l.from, config: l.config }, false);
    assert.ok(r.imported);
    assert.equal(r.wifi, wifiConfigPath(l.config));
    const text = await readFile(wifiConfigPath(l.config), 'utf8');
    assert.equal((await stat(wifiConfigPath(l.config))).mode & 0o777, 0o600);
    assert.doesNotMatch(text, /pass "word"/, 'no passphrase on the box');
    assert.match(text, new RegExp(`ssid=${Buffer.from('KTV-店内').toString('hex')}`));
  });

  it('derives the PSK as wpa_passphrase does (IEEE 802.11i test vector)', () => {
    // IEEE 802.11i-2004 H.4.3: passphrase "password", SSID "IEEE".
    const text = wpaSupplicantConfig({ ssid: 'IEEE', passphrase: 'password' });
    assert.match(text, /psk=f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e/);
    assert.equal(pbkdf2Sync('password', 'IEEE', 4096, 32, 'sha1').length, 32);
  });
});
