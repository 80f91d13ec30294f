import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../testkit/paths.js';
import { makeTempDir } from '../testkit/temp.js';

const unitsDir = join(REPO_ROOT, 'systemd');
const services = readdirSync(unitsDir).filter((f) => f.endsWith('.service'));
/** Every unit systemd-analyze verify checks: the services and ktv-wifi.path. */
const units = readdirSync(unitsDir).filter((f) => f.endsWith('.service') || f.endsWith('.path'));

/** Unit copies whose programs point at empty executables here (verify checks the program exists). */
function stageUnits(dir: string, edit: (name: string, text: string) => string = (_n, t) => t): string[] {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  const paths: string[] = [];
  for (const name of units) {
    const text = readFileSync(join(unitsDir, name), 'utf8');
    for (const m of text.matchAll(/\/usr\/bin\/([\w.-]+)/g)) {
      const file = join(bin, m[1] ?? '');
      writeFileSync(file, '#!/bin/sh\n');
      chmodSync(file, 0o755);
    }
    const path = join(dir, name);
    writeFileSync(path, edit(name, text.replaceAll('/usr/bin/', `${bin}/`)));
    paths.push(path);
  }
  return paths;
}

function verify(paths: string[]) {
  return spawnSync('systemd-analyze', ['verify', '--man=no', ...paths], { encoding: 'utf8' });
}

test('the agent, gateway and kiosk units exist', () => {
  assert.deepEqual(services.sort(), ['ktv-agent.service', 'ktv-gateway.service', 'ktv-kiosk.service']);
});

function tempDir(t: { after(fn: () => void): void }, prefix: string): string {
  const dir = makeTempDir(prefix);
  t.after(() => dir.remove());
  return dir.path;
}

test('systemd-analyze verify passes on every unit, with no warning', (t) => {
  const r = verify(stageUnits(tempDir(t, 'units')));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr.trim(), '', 'verify printed warnings');
});

test('the verify check catches a broken unit (it can fail)', (t) => {
  const paths = stageUnits(tempDir(t, 'units-broken'), (name, text) =>
    name === 'ktv-agent.service' ? text.replace('NoNewPrivileges=yes', 'NoNewPrivileges=maybe') : text,
  );
  const r = verify(paths);
  assert.match(r.stderr, /ktv-agent\.service:\d+: Failed to parse boolean value/);
});

test('systemd-analyze security rates every service OK or better', () => {
  for (const name of services) {
    const r = spawnSync('systemd-analyze', ['security', '--offline=yes', '--no-pager', join(unitsDir, name)], {
      encoding: 'utf8',
    });
    const m = /Overall exposure level for [\w.-]+: (\d+\.\d) (\w+)/.exec(r.stdout);
    assert.ok(m, `${name}: no score in ${r.stdout.slice(-300)} ${r.stderr}`);
    const score = Number(m[1]);
    assert.ok(['OK', 'SAFE', 'PERFECT'].includes(m[2] ?? ''), `${name}: ${m[1]} ${m[2]}`);
    assert.ok(score < 5, `${name}: exposure ${score}`);
  }
});

function directives(name: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of readFileSync(join(unitsDir, name), 'utf8').split('\n')) {
    const m = /^(\w+)=(.*)$/.exec(line);
    if (!m?.[1]) continue;
    out.set(m[1], [...(out.get(m[1]) ?? []), m[2] ?? '']);
  }
  return out;
}

test('the programs run sandboxed as their own user, with a watchdog, restarted on failure', () => {
  const cases: Array<[string, string, string]> = [
    ['ktv-agent.service', 'ktv', '/var/lib/ktv'],
    ['ktv-gateway.service', 'ktv-gateway', '/var/lib/ktv-gateway'],
  ];
  for (const [name, user, data] of cases) {
    const d = directives(name);
    const one = (k: string) => d.get(k)?.at(-1);
    assert.equal(one('User'), user, name);
    assert.equal(one('Type'), 'notify', name);
    assert.equal(one('NotifyAccess'), 'all', `${name}: systemd-notify sends from a child process`);
    assert.ok(Number(one('WatchdogSec')) > 0, name);
    assert.equal(one('Restart'), 'on-failure', name);
    assert.equal(one('ProtectSystem'), 'strict', name);
    assert.equal(one('ReadWritePaths'), data, `${name}: only the data folder is writable`);
    assert.equal(one('NoNewPrivileges'), 'yes', name);
    assert.equal(one('PrivateTmp'), 'yes', name);
    assert.equal(one('CapabilityBoundingSet'), '', name);
  }
  assert.equal(directives('ktv-agent.service').get('SupplementaryGroups')?.[0], 'gpio i2c audio video render');
  const kiosk = directives('ktv-kiosk.service');
  assert.equal(kiosk.get('User')?.[0], 'ktv-kiosk', 'the browser cannot read the agent secrets');
  assert.equal(kiosk.get('ProtectSystem')?.[0], 'strict');
});

test('journald keeps logs small and in RAM', () => {
  const text = readFileSync(join(unitsDir, 'journald-ktv.conf'), 'utf8');
  assert.match(text, /^Storage=volatile$/m);
  const max = /^RuntimeMaxUse=(\d+)M$/m.exec(text);
  assert.ok(max && Number(max[1]) <= 64, 'at most 64 MB of logs');
});
