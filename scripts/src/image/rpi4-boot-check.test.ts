import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildFdt, type FdtSpec } from './fdt-builder.js';
import { parseCmdline, parseConfigTxt } from './rpi-boot-files.js';
import { type BootPartitionView, checkRpi4Boot, PI4_DTB } from './rpi4-boot-check.js';

const KERNEL = 'vmlinuz-6.1.0-50-arm64';
const INITRD = 'initrd.img-6.1.0-50-arm64';
const ROOT = { partuuid: '6b747631-02', label: 'ktv-root', uuid: '6b747631-0000-4000-8000-000000000002' };

// What Debian's raspi-firmware hook writes (z50-raspi-firmware, bookworm), with our settings.
const CONFIG = `# Do not modify this file!
arm_64bit=1

enable_uart=1
upstream_kernel=1

kernel=${KERNEL}
# For details on the initramfs directive, see
initramfs ${INITRD}
`;
const CMDLINE =
  ' console=ttyS1,115200 console=tty1 root=PARTUUID=6b747631-02 ro fsck.repair=yes net.ifnames=0  rootwait quiet\n';

function dtb(patch: (soc: FdtSpec[], root: FdtSpec) => void = () => {}): Buffer {
  const soc: FdtSpec[] = [
    { name: 'serial@7e201000', props: { compatible: ['arm,pl011', 'arm,primecell'] } },
    { name: 'i2c@7e205000', props: { compatible: ['brcm,bcm2711-i2c', 'brcm,bcm2835-i2c'], status: 'okay' } },
    { name: 'serial@7e215040', props: { compatible: 'brcm,bcm2835-aux-uart', status: 'okay' } },
    { name: 'i2c@7e804000', props: { compatible: ['brcm,bcm2711-i2c', 'brcm,bcm2835-i2c'], status: 'okay' } },
    { name: 'i2c@7e205600', props: { compatible: ['brcm,bcm2711-i2c', 'brcm,bcm2835-i2c'], status: 'disabled' } },
  ];
  const root: FdtSpec = {
    name: '',
    props: { compatible: ['raspberrypi,4-model-b', 'brcm,bcm2711'] },
    children: [
      { name: 'aliases', props: { serial0: '/soc/serial@7e201000', serial1: '/soc/serial@7e215040' } },
      { name: 'chosen', props: { 'stdout-path': 'serial1:115200n8' } },
      { name: 'soc', children: soc },
      { name: 'emmc2bus', children: [{ name: 'mmc@7e340000', props: { status: 'okay' } }] },
    ],
  };
  patch(soc, root);
  return buildFdt(root);
}

function view(over: Record<string, Buffer | undefined> = {}): BootPartitionView {
  const files: Record<string, Buffer | undefined> = {
    'start4.elf': Buffer.from('elf'),
    'fixup4.dat': Buffer.from('dat'),
    'bootcode.bin': Buffer.from('bin'),
    'config.txt': Buffer.from(CONFIG),
    'cmdline.txt': Buffer.from(CMDLINE),
    [KERNEL]: Buffer.from([0x1f, 0x8b, 8, 0, 0, 0]),
    [INITRD]: Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0]),
    [PI4_DTB]: dtb(),
    ...over,
  };
  return {
    files: Object.keys(files).filter((k) => files[k] !== undefined),
    read: (name) => files[name],
  };
}

test("Debian's raspi-firmware boot partition for the room box passes, with what the firmware will do", () => {
  const r = checkRpi4Boot(view(), ROOT);
  assert.deepEqual(r.problems, []);
  assert.equal(r.facts.kernel, KERNEL);
  assert.equal(r.facts.initramfs, INITRD);
  assert.equal(r.facts.serialConsole, 'ttyS1', 'the mini UART is ttyS1 under the upstream device tree');
  assert.deepEqual(r.facts.i2cControllers, ['/soc/i2c@7e205000', '/soc/i2c@7e804000'], 'the header bus is i2c-1');
  // An arm64 Image (not compressed) and a root by LABEL or UUID are fine too.
  const image = Buffer.alloc(64);
  image.writeUInt32LE(0x644d5241, 56);
  const cmdlineByLabel = Buffer.from(CMDLINE.replace('PARTUUID=6b747631-02', 'LABEL=ktv-root'));
  assert.deepEqual(checkRpi4Boot(view({ [KERNEL]: image, 'cmdline.txt': cmdlineByLabel }), ROOT).problems, []);
});

test('each way a boot partition fails a Pi 4 is named', () => {
  const cfg = (f: (c: string) => string) => Buffer.from(f(CONFIG));
  const cmd = (f: (c: string) => string) => Buffer.from(f(CMDLINE));
  const cases: [string, Record<string, Buffer | undefined>, RegExp][] = [
    ['no GPU firmware', { 'start4.elf': undefined }, /^start4\.elf is missing/],
    ['no fixup', { 'fixup4.dat': undefined }, /^fixup4\.dat is missing/],
    ['no device tree', { [PI4_DTB]: undefined }, /bcm2711-rpi-4-b\.dtb is missing/],
    ['32-bit start', { 'config.txt': cfg((c) => c.replace('arm_64bit=1', '')) }, /arm_64bit=1 is missing/],
    ['no serial', { 'config.txt': cfg((c) => c.replace('enable_uart=1', 'enable_uart=0')) }, /enable_uart=1/],
    ['kernel not there', { [KERNEL]: undefined }, /kernel=vmlinuz-6\.1\.0-50-arm64 is not on the boot partition/],
    ['no kernel=', { 'config.txt': cfg((c) => c.replace(/^kernel=.*$/m, '')) }, /names no kernel=/],
    ['kernel in a [pi3] section', { 'config.txt': cfg((c) => c.replace(/^kernel=/m, '[pi3]\nkernel=')) }, /no kernel=/],
    ['not a kernel', { [KERNEL]: Buffer.from('MZ not arm64 at all........') }, /is no arm64 kernel/],
    ['initramfs not there', { [INITRD]: undefined }, /initramfs initrd\.img-6\.1\.0-50-arm64 is not on/],
    ['no initramfs line', { 'config.txt': cfg((c) => c.replace(/^initramfs .*$/m, '')) }, /names no initramfs/],
    ['a broken initramfs', { [INITRD]: Buffer.from('garbage') }, /is no initramfs/],
    [
      'a Pi 3 device tree',
      { [PI4_DTB]: dtb((_s, r) => (r.props = { compatible: 'raspberrypi,3-model-b' })) },
      /not the Raspberry Pi 4/,
    ],
    ['a file that is no device tree', { [PI4_DTB]: Buffer.from('nope') }, /does not read as a device tree/],
    [
      'the amp bus off',
      { [PI4_DTB]: dtb((soc) => ((soc[3] ?? { name: '' }).props = { status: 'disabled' })) },
      /I2C bus \(the amplifier\) \/soc\/i2c@7e804000 is not enabled/,
    ],
    [
      'no SD controller',
      { [PI4_DTB]: dtb((_s, r) => (r.children = (r.children ?? []).filter((c) => c.name !== 'emmc2bus'))) },
      /emmc2.* is not enabled/,
    ],
    [
      'a dtparam an upstream device tree ignores',
      { 'config.txt': cfg((c) => `${c}dtparam=i2c_arm=on\n`) },
      /dtparam=i2c_arm=on has no effect/,
    ],
    [
      'root elsewhere',
      { 'cmdline.txt': cmd((c) => c.replace('6b747631-02', '6b747631-03')) },
      /root=PARTUUID=6b747631-03 is not the root partition/,
    ],
    ['no root=', { 'cmdline.txt': cmd((c) => c.replace(/root=\S+/, '')) }, /no root=/],
    ['no rootwait', { 'cmdline.txt': cmd((c) => c.replace('rootwait', '')) }, /no rootwait/],
    ['root mounted rw', { 'cmdline.txt': cmd((c) => c.replace(' ro ', ' rw ')) }, /not mounted read-only/],
    ['serial0 (Raspberry Pi OS)', { 'cmdline.txt': cmd((c) => c.replace('ttyS1', 'serial0')) }, /no console=ttyS1/],
    [
      'serial0 alias named',
      { 'cmdline.txt': cmd((c) => c.replace('ttyS1', 'serial0')) },
      /console=serial0 is a Raspberry Pi OS alias/,
    ],
    ['no screen console', { 'cmdline.txt': cmd((c) => c.replace('console=tty1', '')) }, /no console on the screen/],
    ['cma= on a Pi 4', { 'cmdline.txt': cmd((c) => c.replace('rootwait', 'cma=64M rootwait')) }, /cma=64M/],
    ['two lines', { 'cmdline.txt': cmd((c) => `${c}quiet\n`) }, /more than one line/],
  ];
  for (const [name, over, problem] of cases) {
    const { problems } = checkRpi4Boot(view(over), ROOT);
    assert.ok(
      problems.some((p) => problem.test(p)),
      `${name}: expected ${problem} in ${JSON.stringify(problems)}`,
    );
  }
});

test('config.txt and cmdline.txt read as the firmware and the kernel read them', () => {
  const c = parseConfigTxt(
    'arm_64bit=1 # 64-bit\n[pi3]\nkernel=old.img\n[all]\nkernel=new.img\ninitramfs initrd.img followkernel\ndtparam=audio=on\ndtoverlay=vc4-kms-v3d\ninclude extra.txt\n',
  );
  assert.deepEqual(
    [...c.settings],
    [
      ['arm_64bit', '1'],
      ['kernel', 'new.img'],
    ],
  );
  assert.deepEqual(c.initramfs, { file: 'initrd.img', address: 'followkernel' });
  assert.deepEqual([c.dtparams, c.dtoverlays, c.includes], [['audio=on'], ['vc4-kms-v3d'], ['extra.txt']]);
  const k = parseCmdline('console=ttyS1,115200 console=tty1 root=LABEL=x ro rootwait\n');
  assert.deepEqual(k.consoles, ['ttyS1,115200', 'tty1']);
  assert.equal(k.params.get('root'), 'LABEL=x');
  assert.equal(k.extraLines, 0);
});
