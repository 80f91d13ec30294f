/**
 * inspectRoomImage on a small real disk image made the way images/build makes one (sfdisk, mkfs.fat
 * + mtools, mke2fs -d), with stand-ins for the big files: the readers (sfdisk -J, mtools, debugfs at
 * an offset, the gzip'd initramfs) are the real ones. Then one thing broken per case.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { makeTempDir } from '../testkit/temp.js';
import { buildFdt } from './fdt-builder.js';
import { newcOfEmptyFiles } from './newc-builder.js';
import { inspectRoomImage } from './room-image-inspect.js';
import { enabledUnits, initramfsModules, requiredFiles } from './room-root-check.js';

const VERSION = '6.1.0-50-arm64';
const OPTIONS = { kernelVersion: VERSION, diskId: '6b747631', board: 'rpi4' as const };

function elf(machine: number): Buffer {
  const b = Buffer.alloc(64);
  b.writeUInt32BE(0x7f454c46, 0);
  b[4] = 2;
  b[5] = 1;
  b.writeUInt16LE(machine, 18);
  return b;
}

const PI4_DTB = buildFdt({
  name: '',
  props: { compatible: ['raspberrypi,4-model-b', 'brcm,bcm2711'] },
  children: [
    { name: 'aliases', props: { serial1: '/soc/serial@7e215040' } },
    { name: 'chosen', props: { 'stdout-path': 'serial1:115200n8' } },
    {
      name: 'soc',
      children: [
        { name: 'i2c@7e205000', props: { compatible: 'brcm,bcm2711-i2c' } },
        { name: 'serial@7e215040', props: { compatible: 'brcm,bcm2835-aux-uart' } },
        { name: 'i2c@7e804000', props: { compatible: 'brcm,bcm2711-i2c', status: 'okay' } },
      ],
    },
    { name: 'emmc2bus', children: [{ name: 'mmc@7e340000', props: { status: 'okay' } }] },
  ],
});

type Tree = Map<string, Buffer | { link: string } | { mode: number; data: Buffer }>;

function bootTree(): Tree {
  return new Map<string, Buffer | { link: string }>([
    ['start4.elf', Buffer.from('firmware')],
    ['fixup4.dat', Buffer.from('fixup')],
    [
      'config.txt',
      Buffer.from(
        `arm_64bit=1\nenable_uart=1\nupstream_kernel=1\nkernel=vmlinuz-${VERSION}\ninitramfs initrd.img-${VERSION}\n`,
      ),
    ],
    ['cmdline.txt', Buffer.from(' console=ttyS1,115200 console=tty1 root=PARTUUID=6b747631-02 ro rootwait quiet\n')],
    [`vmlinuz-${VERSION}`, gzipSync(Buffer.from('an arm64 Image'))],
    [`initrd.img-${VERSION}`, gzipSync(newcOfEmptyFiles(['init', ...initramfsModules(OPTIONS)]))],
    ['bcm2711-rpi-4-b.dtb', PI4_DTB],
  ]);
}

function rootTree(): Tree {
  const t: Tree = new Map();
  t.set('usr/lib/ktv/ktv-agent', { mode: 0o755, data: elf(183) });
  t.set('usr/lib/ktv/i2c-bus-linux-arm64.node', elf(183));
  t.set('usr/bin/ktv-agent', { link: '../lib/ktv/ktv-agent' });
  for (const [path] of requiredFiles(OPTIONS)) t.set(path.slice(1), Buffer.alloc(0));
  for (const [path, target] of enabledUnits(OPTIONS)) {
    t.set(path.slice(1), { link: `/usr/lib/systemd/system/${target.source.replace(/^\\\/|\\|\$$/g, '')}` });
  }
  for (const unit of ['ktv-agent.service', 'ktv-kiosk.service', 'ktv-wifi.path']) {
    t.set(`etc/systemd/system/${unit}`, Buffer.from('[Unit]\n'));
  }
  t.set(
    'etc/fstab',
    Buffer.from(
      [
        'PARTUUID=6b747631-02 / ext4 ro,noatime 0 1',
        'PARTUUID=6b747631-01 /boot/firmware vfat noatime 0 2',
        'PARTUUID=6b747631-03 /var/lib/ktv ext4 noatime,noexec,x-systemd.growfs 0 2',
        'tmpfs /tmp tmpfs nodev 0 0',
        'tmpfs /var/log tmpfs nodev 0 0',
        '',
      ].join('\n'),
    ),
  );
  t.set('etc/modules-load.d/ktv.conf', Buffer.from('i2c-dev\n'));
  t.set('etc/passwd', Buffer.from('ktv:x:990:990::/var/lib/ktv:/usr/sbin/nologin\n'));
  t.set('etc/group', Buffer.from('gpio:x:992:ktv\ni2c:x:993:ktv\naudio:x:29:ktv\nvideo:x:44:ktv\n'));
  t.set('etc/ktv/board', Buffer.from('rpi4\n'));
  t.set('etc/ktv/agent-defaults.json', Buffer.from('{}'));
  for (const unit of ['ktv-agent', 'ktv-kiosk']) {
    t.set(`etc/systemd/system/${unit}.service.d/rpi4-devices.conf`, Buffer.from('After=systemd-udev-settle.service\n'));
  }
  return t;
}

function stage(dir: string, tree: Tree): void {
  mkdirSync(dir, { recursive: true });
  for (const [path, entry] of tree) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    if (Buffer.isBuffer(entry)) writeFileSync(file, entry);
    else if ('link' in entry) symlinkSync(entry.link, file);
    else {
      writeFileSync(file, entry.data);
      chmodSync(file, entry.mode);
    }
  }
}

/** A three-partition image as images/build lays it out (boot FAT32 33 MiB, root 24 MiB, data 8 MiB). */
function makeImage(dir: string, boot: Tree, root: Tree): string {
  stage(join(dir, 'boot'), boot);
  stage(join(dir, 'root'), root);
  mkdirSync(join(dir, 'data'));
  const image = join(dir, 'card.img');
  const [bootMb, rootMb, dataMb] = [33, 24, 8];
  const run = (cmd: string, args: string[], input?: string) =>
    execFileSync(cmd, args, {
      input,
      stdio: ['pipe', 'ignore', 'pipe'],
      env: { ...process.env, MTOOLS_SKIP_CHECK: '1' },
    });
  run('mkfs.fat', ['-F', '32', '-n', 'KTV-BOOT', '-C', join(dir, 'boot.fat'), String(bootMb * 1024)]);
  for (const name of boot.keys()) run('mcopy', ['-i', join(dir, 'boot.fat'), join(dir, 'boot', name), `::${name}`]);
  run('mke2fs', ['-q', '-t', 'ext4', '-L', 'ktv-root', '-d', join(dir, 'root'), join(dir, 'root.ext4'), `${rootMb}M`]);
  run('mke2fs', [
    '-q',
    '-t',
    'ext4',
    '-L',
    'ktv-data',
    '-E',
    'root_owner=990:990',
    join(dir, 'data.ext4'),
    `${dataMb}M`,
  ]);
  run('truncate', ['-s', `${1 + bootMb + rootMb + dataMb}M`, image]);
  run(
    'sfdisk',
    ['-q', image],
    `label: dos\nlabel-id: 0x6b747631\nunit: sectors\nstart=2048, size=${bootMb * 2048}, type=c, bootable\nstart=${2048 + bootMb * 2048}, size=${rootMb * 2048}, type=83\nstart=${2048 + (bootMb + rootMb) * 2048}, size=${dataMb * 2048}, type=83\n`,
  );
  const put = (file: string, mb: number) =>
    run('dd', [`if=${join(dir, file)}`, `of=${image}`, 'bs=1M', `seek=${mb}`, 'conv=notrunc,sparse', 'status=none']);
  put('boot.fat', 1);
  put('root.ext4', 1 + bootMb);
  put('data.ext4', 1 + bootMb + rootMb);
  return image;
}

test('inspectRoomImage reads a real (small) image: a good one passes, each break is named', async (t) => {
  const tmp = makeTempDir('inspect-image');
  t.after(() => tmp.remove());
  const good = await inspectRoomImage(makeImage(join(tmp.path, 'good'), bootTree(), rootTree()), { board: 'rpi4' });
  assert.deepEqual(good.problems, []);
  assert.equal(good.facts.kernelVersion, VERSION);
  assert.equal(good.facts.serialConsole, 'ttyS1');
  assert.equal(good.facts.initramfsEntries, initramfsModules(OPTIONS).length + 1);
  assert.equal(good.facts.agentBytes, 64);
  assert.deepEqual([good.facts.rootLabel, good.facts.dataLabel, good.facts.imageMib], ['ktv-root', 'ktv-data', 66]);

  const cases: [string, (boot: Tree, root: Tree) => void, RegExp][] = [
    ['no start4.elf', (b) => b.delete('start4.elf'), /start4\.elf is missing/],
    [
      'the initramfs without the SD regulators',
      (b) =>
        b.set(
          `initrd.img-${VERSION}`,
          gzipSync(newcOfEmptyFiles(initramfsModules(OPTIONS).filter((m) => !m.endsWith('/fixed.ko')))),
        ),
      /initramfs lacks .*regulator\/fixed\.ko/,
    ],
    [
      'root= elsewhere',
      (b) => b.set('cmdline.txt', Buffer.from('console=ttyS1 console=tty1 root=/dev/sda2 ro rootwait')),
      /root=\/dev\/sda2 is not the root partition/,
    ],
    ['no agent', (_b, r) => r.delete('usr/lib/ktv/ktv-agent'), /ktv-agent is missing/],
    ['an x64 addon', (_b, r) => r.set('usr/lib/ktv/i2c-bus-linux-arm64.node', elf(62)), /not an arm64 shared object/],
    [
      'the kiosk not enabled',
      (_b, r) => r.delete('etc/systemd/system/graphical.target.wants/ktv-kiosk.service'),
      /ktv-kiosk\.service is not enabled/,
    ],
  ];
  for (const [name, breakIt, problem] of cases) {
    const boot = bootTree();
    const root = rootTree();
    breakIt(boot, root);
    const dir = join(tmp.path, name.replace(/\W+/g, '-'));
    const { problems } = await inspectRoomImage(makeImage(dir, boot, root), { board: 'rpi4' });
    assert.ok(
      problems.some((p) => problem.test(p)),
      `${name}: expected ${problem} in ${JSON.stringify(problems)}`,
    );
  }
});
