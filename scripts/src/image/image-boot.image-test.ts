/**
 * `npm run test:image`: builds the SD image for qemu (images/build --board qemu; the Debian part is
 * cached), provisions it with a bundle from a real gateway (`device add`), boots it under
 * qemu-system-aarch64 -M virt and checks, on the serial console and on the gateway:
 * the agent takes the bundle at first boot and reports ready to systemd (Type=notify), room 101
 * goes online on the gateway, the sandbox is in force, and a stalled agent is killed by the watchdog
 * and restarted. Not in `npm test`: it takes minutes (a cold Debian build much longer).
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { adminLogin, getJson } from '../testkit/http.js';
import { GATEWAY_BIN, REPO_ROOT } from '../testkit/paths.js';
import { type RunningProgram, runProgram, startProgram } from '../testkit/process.js';
import { makeTempDir } from '../testkit/temp.js';
import { waitUntil } from '../testkit/wait.js';
import { fatList, fatRead } from './mtools.js';
import { bootPartition, readPartitionTable } from './partition-table.js';
import { SerialConsole } from './serial-console.js';

const IMAGE = join(REPO_ROOT, 'dist/images/ktv-room-qemu.img');
const ADMIN_PASSWORD = 'image-test-admin';
const verbose = process.env.KTV_IMAGE_TEST_VERBOSE === '1';

let dir: { path: string; remove(): void };
let gateway: RunningProgram | undefined;
let vm: ChildProcess | undefined;
let serial: SerialConsole;
const timings: Record<string, number> = {};
const t0 = Date.now();
const mark = (what: string) => {
  timings[what] = Math.round((Date.now() - t0) / 1000);
};

before(async () => {
  dir = makeTempDir('image-boot');
  // 1. The image (stage 1 cached in dist/images/cache; stage 2 always, seconds).
  execFileSync(join(REPO_ROOT, 'images/build'), ['--board', 'qemu', '--out', IMAGE], {
    stdio: verbose ? 'inherit' : ['ignore', 'ignore', 'inherit'],
    timeout: 90 * 60_000,
  });
  mark('imageBuilt');
});

after(async () => {
  if (vm && vm.exitCode === null) vm.kill('SIGKILL');
  await gateway?.stop();
  dir?.remove();
  process.stderr.write(`image boot test timings (s since start): ${JSON.stringify(timings)}\n`);
});

test('a provisioned qemu image boots, the agent takes its bundle and goes online, sandboxed and watched', async () => {
  // 2. A real gateway on this machine; the VM reaches 127.0.0.1 as 10.0.2.2 (qemu user networking).
  const gwData = join(dir.path, 'gateway');
  const gwConfig = join(dir.path, 'gateway.json');
  writeFileSync(
    gwConfig,
    JSON.stringify({
      storeId: 'image-test',
      mqtt: { host: '127.0.0.1', port: 0 },
      http: { host: '127.0.0.1', port: 0 },
    }),
  );
  gateway = startProgram('gateway', GATEWAY_BIN, ['run', '--data', gwData, '--config', gwConfig], {
    env: { KTV_ADMIN_PASSWORD: ADMIN_PASSWORD },
  });
  const ready = await gateway.waitForLog('gateway ready', 60_000);
  const mqttPort = Number(ready.mqttPort);
  const adminUrl = String(ready.adminUrl);
  const bundleFile = join(dir.path, 'room-101.json');
  const add = await runProgram(GATEWAY_BIN, [
    'device',
    'add',
    '--room',
    '101',
    '--data',
    gwData,
    '--mqtt-url',
    `mqtt://10.0.2.2:${mqttPort}`,
    '--out',
    bundleFile,
  ]);
  assert.equal(add.code, 0, add.stderr);

  // 3. A copy of the image with the bundle on its boot partition (scripts/provision, no mount).
  const card = join(dir.path, 'card.img');
  execFileSync('cp', ['--sparse=always', IMAGE, card]);
  // A card bigger than the image, as a real one is: the data partition grows to its end at first boot.
  execFileSync('truncate', ['-s', '+1G', card]);
  const provision = await new Promise<number | null>((resolve) =>
    spawn(join(REPO_ROOT, 'scripts/provision'), [card, '--bundle', bundleFile], { stdio: 'inherit' }).on(
      'exit',
      resolve,
    ),
  );
  assert.equal(provision, 0);

  // 4. Kernel and initrd from the boot partition (raspi-firmware put them there), read with mtools.
  const boot = bootPartition(await readPartitionTable(card));
  const names = await fatList(card, boot.offset);
  const kernelName = names.find((n) => /^vmlinuz-/.test(n));
  const initrdName = names.find((n) => /^initrd\.img-/.test(n));
  assert.ok(kernelName && initrdName, `kernel and initrd on the boot partition: ${names.join(' ')}`);
  assert.ok(names.includes('config.txt') && names.includes('cmdline.txt'), 'the Raspberry Pi firmware files');
  assert.ok(names.includes('ktv-bundle.json'));
  const kernel = join(dir.path, 'vmlinuz');
  const initrd = join(dir.path, 'initrd');
  writeFileSync(kernel, (await fatRead(card, boot.offset, kernelName)) ?? Buffer.alloc(0));
  writeFileSync(initrd, (await fatRead(card, boot.offset, initrdName)) ?? Buffer.alloc(0));

  // 5. Boot.
  const bootStart = Date.now();
  vm = spawn(
    'qemu-system-aarch64',
    [
      ...['-M', 'virt', '-cpu', 'cortex-a72', '-smp', '2', '-m', '1536', '-nographic', '-no-reboot'],
      ...['-kernel', kernel, '-initrd', initrd],
      ...['-append', 'root=PARTUUID=6b747631-02 ro rootwait console=ttyAMA0 systemd.show_status=1'],
      ...['-drive', `file=${card},format=raw,if=virtio`],
      ...['-netdev', 'user,id=net0', '-device', 'virtio-net-pci,netdev=net0,romfile='],
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  serial = new SerialConsole(vm, verbose ? (c) => process.stderr.write(c) : undefined);

  // The serial console (root logs in by itself on the qemu image).
  await serial.waitFor(/root@ktv-room:~#/, 20 * 60_000);
  mark('loginPrompt');
  await serial.run('stty -echo cols 500; export SYSTEMD_COLORS=0 SYSTEMD_PAGER=');
  // Type=notify: "active" only once the agent sent READY=1 (activating until then).
  let failed = '';
  await waitUntil(
    'ktv-agent active (READY=1)',
    async () => {
      const state = (await serial.run('systemctl is-active ktv-agent')).trim().split('\n').at(-1);
      if (state === 'failed' && !failed)
        failed = await serial.run('journalctl -u ktv-agent -o cat --no-pager | tail -40');
      return state === 'active' || failed ? true : undefined;
    },
    { timeoutMs: 20 * 60_000, everyMs: 10_000 },
  ).catch(async (e: unknown) => {
    const why = await serial.run('systemctl status ktv-agent --no-pager -l | tail -30', 120_000).catch(() => '');
    throw new Error(`${String(e)}\n${why}`);
  });
  assert.equal(failed, '', `ktv-agent failed:\n${failed}`);
  mark('agentReady');
  timings.bootToAgentReadyS = Math.round((Date.now() - bootStart) / 1000);

  // 6. Room 101 online on the gateway (admin API), through qemu's user network.
  const token = await adminLogin(adminUrl, ADMIN_PASSWORD);
  await waitUntil(
    'room 101 online on the gateway',
    async () => {
      const { rooms } = await getJson<{ rooms: { room: string; online: boolean }[] }>(
        new URL('/api/rooms', adminUrl).href,
        token,
      );
      return rooms.find((r) => r.room === '101' && r.online) ? true : undefined;
    },
    { timeoutMs: 5 * 60_000, everyMs: 500 },
  );
  mark('roomOnline');

  // 7. On the box: the sandbox in force, the bundle gone, the secrets 0600 in the data folder.
  const show = await serial.run(
    'systemctl show ktv-agent -p ActiveState -p Type -p User -p ProtectSystem -p NoNewPrivileges -p PrivateTmp -p WatchdogUSec -p NRestarts',
  );
  for (const line of [
    'ActiveState=active',
    'Type=notify',
    'User=ktv',
    'ProtectSystem=strict',
    'NoNewPrivileges=yes',
    'PrivateTmp=yes',
    'WatchdogUSec=1min 30s', // the qemu image's drop-in; 30s on the boards
    'NRestarts=0',
  ]) {
    assert.ok(show.includes(line), `${line} in\n${show}`);
  }
  const pid = (await serial.run('systemctl show -p MainPID --value ktv-agent')).trim().split('\n').at(-1) ?? '';
  assert.match(pid, /^\d+$/);
  const status = await serial.run(`grep -E '^(Uid|NoNewPrivs|CapEff):' /proc/${pid}/status`);
  assert.match(status, /Uid:\s+990\s/, 'runs as the ktv user');
  assert.match(status, /NoNewPrivs:\s+1/);
  assert.match(status, /CapEff:\s+0+\b/, 'no capabilities');
  // /var/log (RAM) is writable for root outside, read-only inside the agent's mount namespace.
  const probe = await serial.run(
    `touch /var/log/outside-ok && echo OUTSIDE_OK; nsenter -t ${pid} -m -- touch /var/log/inside-probe 2>&1; nsenter -t ${pid} -m -- touch /var/lib/ktv/inside-ok && echo DATA_OK`,
  );
  assert.match(probe, /OUTSIDE_OK/);
  assert.match(probe, /Read-only file system/, 'ProtectSystem=strict in force');
  assert.match(probe, /DATA_OK/, 'the data folder is writable');
  const files = await serial.run(
    "findmnt -n -o OPTIONS /; stat -c '%a %U %n' /var/lib/ktv/agent.json; ls /boot/firmware | grep -c ktv-bundle || true",
  );
  assert.match(files, /^ro,/m, 'the root file system is read-only');
  assert.match(files, /600 ktv \/var\/lib\/ktv\/agent\.json/);
  assert.match(files, /^0$/m, 'the bundle is gone from the boot partition');
  // The data partition grew to the end of the card before it was mounted, and its file system with it.
  const grown = await serial.run(
    "journalctl -b -u ktv-grow-data -o cat --no-pager | grep -c 'grown from 256 MiB to 1280 MiB' || true; df -B1M --output=size /var/lib/ktv | tail -1",
  );
  const [grownLines, dataMib] = grown.trim().split('\n').slice(-2).map(Number);
  assert.equal(grownLines, 1, `the data partition grew once:\n${grown}`);
  assert.ok((dataMib ?? 0) > 1100, `the data file system fills the grown partition: ${dataMib} MiB`);
  const journal = await serial.run('journalctl -u ktv-agent -o cat --no-pager | grep -c "bundle imported"');
  assert.match(journal, /^1$/m, 'the first-boot import ran once');
  mark('sandboxChecked');

  // 8. The watchdog: a stopped (stalled) agent is killed and restarted by systemd (its restart
  // under qemu's emulated CPU takes minutes, so only the kill and the new start are checked).
  await serial.run(`kill -STOP ${pid}`);
  await waitUntil(
    'the watchdog restart',
    async () => {
      const out = await serial.run('systemctl show -p NRestarts -p ActiveState -p MainPID ktv-agent');
      return /NRestarts=1/.test(out) && /ActiveState=active/.test(out) && !out.includes(`MainPID=${pid}`)
        ? out
        : undefined;
    },
    { timeoutMs: 4 * 60_000, everyMs: 3000 },
  );
  const why = await serial.run('journalctl -u ktv-agent -o cat --no-pager | grep -ci "watchdog timeout"');
  assert.match(why, /^[1-9]/m, 'killed for a watchdog timeout');
  mark('watchdogRestart');

  await serial.run('systemctl poweroff --no-block');
  await new Promise((resolve) => vm?.once('exit', resolve));
  mark('poweredOff');
  assert.ok(existsSync(IMAGE));
});
