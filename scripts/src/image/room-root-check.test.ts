import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { parseDebugfsStat } from './ext4-debugfs.js';
import { newcOfEmptyFiles } from './newc-builder.js';
import { initramfsNames } from './room-image-inspect.js';
import {
  checkRoomRoot,
  elfMachine,
  enabledUnits,
  initramfsModules,
  missingFromInitramfs,
  type RoomRootOptions,
  type RootFsView,
  requiredFiles,
} from './room-root-check.js';

const OPTIONS: RoomRootOptions = {
  kernelVersion: '6.1.0-50-arm64',
  diskId: '6b747631',
  board: 'rpi4',
  addon: 'i2c-bus-linux-arm64.node',
};

function elf(machine: number): Buffer {
  const b = Buffer.alloc(64);
  b.writeUInt32BE(0x7f454c46, 0);
  b[4] = 2; // 64-bit
  b[5] = 1; // little endian
  b.writeUInt16LE(machine, 18);
  return b;
}

const FSTAB = `# <file system> <mount point> <type> <options> <dump> <pass>
PARTUUID=6b747631-02   /                 ext4   ro,noatime,errors=remount-ro                  0      1
PARTUUID=6b747631-01   /boot/firmware    vfat   noatime,umask=0077,nofail                     0      2
PARTUUID=6b747631-03   /var/lib/ktv      ext4   noatime,nodev,nosuid,noexec,errors=remount-ro,x-systemd.growfs 0 2
tmpfs                  /tmp              tmpfs  nodev,nosuid,size=64M,mode=1777               0      0
tmpfs                  /var/log          tmpfs  nodev,nosuid,noexec,size=16M,mode=0755        0      0
`;

type Entry = { file: Buffer; mode?: number } | { link: string };

/** A room root as images/build makes it, in memory. */
function goodRoot(): Map<string, Entry> {
  const root = new Map<string, Entry>();
  const text = (s: string): Entry => ({ file: Buffer.from(s) });
  root.set('/usr/lib/ktv/ktv-agent', { file: elf(183), mode: 0o755 });
  root.set('/usr/lib/ktv/i2c-bus-linux-arm64.node', { file: elf(183) });
  root.set('/usr/bin/ktv-agent', { link: '../lib/ktv/ktv-agent' });
  for (const [path] of requiredFiles(OPTIONS)) root.set(path, text(''));
  const targets: Record<string, string> = {
    'ktv-agent.service': '/etc/systemd/system/ktv-agent.service',
    'ktv-wifi.path': '/etc/systemd/system/ktv-wifi.path',
    'ktv-kiosk.service': '/etc/systemd/system/ktv-kiosk.service',
    'systemd-timesyncd.service': '/lib/systemd/system/systemd-timesyncd.service',
    'systemd-networkd.service': '/lib/systemd/system/systemd-networkd.service',
    'default.target': '/usr/lib/systemd/system/graphical.target',
    'ktv-grow-data.service': '/etc/systemd/system/ktv-grow-data.service',
  };
  for (const [path] of enabledUnits(OPTIONS)) root.set(path, { link: targets[path.split('/').at(-1) ?? ''] ?? '' });
  for (const unit of ['ktv-agent.service', 'ktv-kiosk.service', 'ktv-wifi.path']) {
    root.set(`/etc/systemd/system/${unit}`, text('[Unit]\n'));
  }
  root.set('/etc/fstab', text(FSTAB));
  root.set('/etc/modules-load.d/ktv.conf', text('# the amplifier\ni2c-dev\n'));
  root.set('/etc/passwd', text('root:x:0:0:root:/root:/bin/bash\nktv:x:990:990::/var/lib/ktv:/usr/sbin/nologin\n'));
  root.set('/etc/group', text('audio:x:29:ktv,ktv-kiosk\nvideo:x:44:ktv,ktv-kiosk\ngpio:x:992:ktv\ni2c:x:993:ktv\n'));
  root.set('/etc/ktv/board', text('rpi4\n'));
  root.set('/etc/ktv/agent-defaults.json', text('{}'));
  for (const unit of ['ktv-agent', 'ktv-kiosk']) {
    root.set(
      `/etc/systemd/system/${unit}.service.d/rpi4-devices.conf`,
      text('[Unit]\nWants=systemd-udev-settle.service\nAfter=systemd-udev-settle.service\n'),
    );
  }
  return root;
}

function view(root: Map<string, Entry>): RootFsView {
  return {
    stat: async (path) => {
      const e = root.get(path);
      if (!e) return undefined;
      if ('link' in e) return { type: 'symlink', mode: 0o777, uid: 0, gid: 0, size: e.link.length, target: e.link };
      return { type: 'file', mode: e.mode ?? 0o644, uid: 0, gid: 0, size: e.file.length };
    },
    read: async (path, max) => {
      const e = root.get(path);
      return e && 'file' in e ? e.file.subarray(0, max ?? e.file.length) : undefined;
    },
  };
}

test('a room root as images/build makes it passes', async () => {
  const r = await checkRoomRoot(view(goodRoot()), OPTIONS);
  assert.deepEqual(r.problems, []);
  assert.equal(r.facts.agentBytes, 64);
});

test('each way a room root fails the box is named', async () => {
  const cases: [string, (root: Map<string, Entry>) => void, RegExp][] = [
    ['no agent', (r) => r.delete('/usr/lib/ktv/ktv-agent'), /ktv-agent is missing/],
    ['an x64 agent', (r) => r.set('/usr/lib/ktv/ktv-agent', { file: elf(62), mode: 0o755 }), /not an arm64 executable/],
    ['not executable', (r) => r.set('/usr/lib/ktv/ktv-agent', { file: elf(183), mode: 0o644 }), /not executable/],
    ['no addon', (r) => r.delete('/usr/lib/ktv/i2c-bus-linux-arm64.node'), /I2C addon\) is missing/],
    ['an x64 addon', (r) => r.set('/usr/lib/ktv/i2c-bus-linux-arm64.node', { file: elf(62) }), /not an arm64 shared/],
    ['no /usr/bin link', (r) => r.delete('/usr/bin/ktv-agent'), /\/usr\/bin\/ktv-agent does not point/],
    ['no mpv', (r) => r.delete('/usr/bin/mpv'), /\/usr\/bin\/mpv is missing \(mpv/],
    ['no cec-ctl', (r) => r.delete('/usr/bin/cec-ctl'), /cec-ctl is missing \(v4l-utils/],
    ['no CJK fonts', (r) => r.delete('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'), /fonts-noto-cjk/],
    ['no kernel modules', (r) => r.delete('/usr/lib/modules/6.1.0-50-arm64/modules.dep'), /modules\.dep is missing/],
    [
      'no Wi-Fi board file',
      (r) => r.delete('/usr/lib/firmware/brcm/brcmfmac43455-sdio.raspberrypi,4-model-b.txt'),
      /Wi-Fi board settings/,
    ],
    [
      'the agent not enabled',
      (r) => r.delete('/etc/systemd/system/multi-user.target.wants/ktv-agent.service'),
      /ktv-agent\.service is not enabled/,
    ],
    [
      'no time sync',
      (r) => r.delete('/etc/systemd/system/sysinit.target.wants/systemd-timesyncd.service'),
      /systemd-timesyncd\.service is not enabled/,
    ],
    [
      'boots to a console, not the kiosk',
      (r) => r.set('/etc/systemd/system/default.target', { link: '/usr/lib/systemd/system/multi-user.target' }),
      /default\.target is not enabled/,
    ],
    [
      'a writable root',
      (r) => r.set('/etc/fstab', { file: Buffer.from(FSTAB.replace('ro,noatime', 'rw,noatime')) }),
      /fstab: \/ without ro/,
    ],
    [
      'no data partition',
      (r) => r.set('/etc/fstab', { file: Buffer.from(FSTAB.replace(/^.*\/var\/lib\/ktv.*$/m, '')) }),
      /nothing mounted on \/var\/lib\/ktv/,
    ],
    [
      'the root by device name',
      (r) => r.set('/etc/fstab', { file: Buffer.from(FSTAB.replace('PARTUUID=6b747631-02', '/dev/mmcblk0p2')) }),
      /fstab: \/ is \/dev\/mmcblk0p2/,
    ],
    [
      'the data file system does not follow its partition',
      (r) => r.set('/etc/fstab', { file: Buffer.from(FSTAB.replace(',x-systemd.growfs', '')) }),
      /fstab: \/var\/lib\/ktv without x-systemd\.growfs/,
    ],
    [
      'the data partition does not grow',
      (r) => r.delete('/etc/systemd/system/local-fs-pre.target.wants/ktv-grow-data.service'),
      /ktv-grow-data\.service is not enabled/,
    ],
    ['no i2c-dev', (r) => r.delete('/etc/modules-load.d/ktv.conf'), /does not load i2c-dev/],
    ['no ktv user', (r) => r.set('/etc/passwd', { file: Buffer.from('root:x:0:0::/root:/bin/sh\n') }), /no ktv user/],
    [
      'ktv not in gpio',
      (r) => r.set('/etc/group', { file: Buffer.from('gpio:x:992:\ni2c:x:993:ktv\naudio:x:29:ktv\nvideo:x:44:ktv\n') }),
      /ktv is not in gpio/,
    ],
    [
      'the agent not waiting for the display and CEC drivers',
      (r) => r.delete('/etc/systemd/system/ktv-agent.service.d/rpi4-devices.conf'),
      /ktv-agent\.service does not wait for udev/,
    ],
    [
      'the kiosk checking for a display before the driver loaded',
      (r) => r.delete('/etc/systemd/system/ktv-kiosk.service.d/rpi4-devices.conf'),
      /ktv-kiosk\.service does not wait for udev/,
    ],
    ['no regulatory database', (r) => r.delete('/usr/lib/firmware/regulatory.db'), /wireless-regdb/],
    ['the qemu board file', (r) => r.set('/etc/ktv/board', { file: Buffer.from('qemu\n') }), /board is not rpi4/],
    [
      'broken board defaults',
      (r) => r.set('/etc/ktv/agent-defaults.json', { file: Buffer.from('{') }),
      /agent-defaults\.json is missing or not JSON/,
    ],
  ];
  for (const [name, breakIt, problem] of cases) {
    const root = goodRoot();
    breakIt(root);
    const { problems } = await checkRoomRoot(view(root), OPTIONS);
    assert.ok(
      problems.some((p) => problem.test(p)),
      `${name}: expected ${problem} in ${JSON.stringify(problems)}`,
    );
  }
});

test("the initramfs must hold the Pi 4 SD card's drivers and regulators", async () => {
  const want = initramfsModules(OPTIONS);
  const k = 'usr/lib/modules/6.1.0-50-arm64/kernel';
  assert.ok(want.includes(`${k}/drivers/regulator/fixed.ko`) && want.includes(`${k}/drivers/mmc/host/sdhci-iproc.ko`));
  // An early uncompressed archive followed by a gzip-compressed main one (mkinitramfs's layout).
  const blob = Buffer.concat([
    newcOfEmptyFiles(['kernel', 'kernel/x86']),
    Buffer.alloc(512),
    gzipSync(newcOfEmptyFiles(['init', ...want])),
  ]);
  const names = await initramfsNames(blob);
  assert.deepEqual(names.slice(0, 3), ['kernel', 'kernel/x86', 'init']);
  assert.deepEqual(missingFromInitramfs(names, want), []);
  const withoutRegulators = names.filter((n) => !n.includes('/regulator/'));
  assert.deepEqual(missingFromInitramfs(withoutRegulators, want), [
    `${k}/drivers/regulator/fixed.ko`,
    `${k}/drivers/regulator/gpio-regulator.ko`,
  ]);
  // lib/modules (before merged /usr) counts too.
  assert.deepEqual(
    missingFromInitramfs(['lib/modules/6.1.0-50-arm64/kernel/fs/ext4/ext4.ko'], [`${k}/fs/ext4/ext4.ko`]),
    [],
  );
  await assert.rejects(initramfsNames(Buffer.from('BZh91AY&SY not a format we read')), /does not read/);
});

test('ELF machines and debugfs stat output', () => {
  assert.equal(elfMachine(elf(183)), 183);
  assert.equal(elfMachine(Buffer.from('#!/bin/sh\n')), undefined);
  const stat = `Inode: 990   Type: symlink    Mode:  0777   Flags: 0x0
User:     0   Group:     0   Project:     0   Size: 20
Fast link dest: "../lib/ktv/ktv-agent"`;
  assert.deepEqual(parseDebugfsStat(stat), {
    type: 'symlink',
    mode: 0o777,
    uid: 0,
    gid: 0,
    size: 20,
    target: '../lib/ktv/ktv-agent',
  });
  const dir = 'Inode: 2   Type: directory    Mode:  0750   Flags: 0x80000\nUser:   990   Group:   990   Size: 4096\n';
  assert.deepEqual(parseDebugfsStat(dir), { type: 'dir', mode: 0o750, uid: 990, gid: 990, size: 4096 });
  assert.equal(parseDebugfsStat('/nothing: File not found by ext2_lookup'), undefined);
});
