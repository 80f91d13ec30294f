import { fdtEnabled, fdtNode, fdtStrings, fdtWalk, parseFdt } from './fdt.js';
import { parseCmdline, parseConfigTxt } from './rpi-boot-files.js';

/**
 * Does a boot partition boot Debian's arm64 kernel on a Raspberry Pi 4? What the Pi 4's EEPROM
 * boot loader and GPU firmware read (start4.elf, fixup4.dat, config.txt), the kernel and initramfs
 * config.txt names, the device tree the firmware picks for the board and what it enables (the SD
 * controller, the serial console, the I2C bus on the GPIO header), and a kernel command line that
 * finds the root partition and puts consoles on serial and screen. Pure: the caller reads the files.
 */
export interface BootPartitionView {
  /** The names in the partition's root folder. */
  files: string[];
  /** A file's content (undefined: not there). */
  read(name: string): Buffer | undefined;
}

export interface RootPartitionIdentity {
  /** e.g. 6b747631-02 (MBR: disk id and partition number). */
  partuuid: string;
  /** The ext4 label, e.g. ktv-root. */
  label: string;
  /** The ext4 file system UUID. */
  uuid: string;
}

export interface Rpi4BootFacts {
  kernel: string;
  initramfs: string;
  /** The serial console the device tree's stdout-path names, as the kernel calls it (ttyS1). */
  serialConsole: string;
  /** The enabled I2C controllers in probe order; the GPIO header's (7e804000) index is its /dev/i2c-N. */
  i2cControllers: string[];
  cmdline: string;
}

export interface Rpi4BootCheck {
  problems: string[];
  facts: Partial<Rpi4BootFacts>;
}

/** The Pi 4 board device tree the firmware loads with `upstream_kernel=1` (and without). */
export const PI4_DTB = 'bcm2711-rpi-4-b.dtb';
/** The GPIO header's I2C controller (GPIO 2/3: SDA1/SCL1), where the amplifier sits. */
export const PI4_I2C_HEADER = '/soc/i2c@7e804000';
const PI4_EMMC2 = '/emmc2bus/mmc@7e340000';

const GZIP = [0x1f, 0x8b];
const ZSTD = [0x28, 0xb5, 0x2f, 0xfd];
const XZ = [0xfd, 0x37, 0x7a, 0x58, 0x5a];
const startsWith = (buf: Buffer, magic: number[]) => magic.every((b, i) => buf[i] === b);

/** An arm64 kernel the firmware can start: an `Image` ("ARM\x64" at 56) or a gzip-compressed one. */
export function isArm64Kernel(head: Buffer): boolean {
  return startsWith(head, GZIP) || (head.length >= 60 && head.readUInt32LE(56) === 0x644d5241);
}

/** An initramfs the Debian kernel unpacks: a newc cpio, or zstd/gzip/xz-compressed. */
export function isInitramfs(head: Buffer): boolean {
  return head.toString('latin1', 0, 5) === '07070' || [GZIP, ZSTD, XZ].some((m) => startsWith(head, m));
}

/** The kernel's name for the console a device tree's `serialN` alias names (8250: ttyS, PL011: ttyAMA). */
function serialTty(dtb: ReturnType<typeof parseFdt>): string | undefined {
  const stdout = fdtStrings(fdtNode(dtb, '/chosen') ?? dtb, 'stdout-path')?.[0];
  const alias = stdout?.split(':')[0];
  if (!alias) return undefined;
  const index = /^serial(\d+)$/.exec(alias)?.[1];
  const path = alias.startsWith('/') ? alias : fdtStrings(fdtNode(dtb, '/aliases') ?? dtb, alias)?.[0];
  const node = path ? fdtNode(dtb, path) : undefined;
  if (!node || index === undefined) return undefined;
  const compatible = fdtStrings(node, 'compatible') ?? [];
  if (compatible.some((c) => c === 'arm,pl011')) return `ttyAMA${index}`;
  if (compatible.some((c) => /aux-uart|ns16550|8250/.test(c))) return `ttyS${index}`;
  return undefined;
}

export function checkRpi4Boot(view: BootPartitionView, root: RootPartitionIdentity): Rpi4BootCheck {
  const problems: string[] = [];
  const facts: Partial<Rpi4BootFacts> = {};
  const has = (name: string) => view.files.includes(name);
  for (const name of ['start4.elf', 'fixup4.dat', 'config.txt', 'cmdline.txt', PI4_DTB]) {
    if (!has(name)) problems.push(`${name} is missing (the Pi 4 firmware needs it)`);
  }

  // config.txt
  const config = parseConfigTxt(view.read('config.txt')?.toString('utf8') ?? '');
  const want: [string, string, string][] = [
    ['arm_64bit', '1', 'the CPU starts in 64-bit mode for the arm64 kernel'],
    ['enable_uart', '1', 'the serial console on GPIO 14/15'],
    ['upstream_kernel', '1', "Debian's kernel with the upstream device tree"],
  ];
  for (const [key, value, why] of want) {
    if (config.settings.get(key) !== value) problems.push(`config.txt: ${key}=${value} is missing (${why})`);
  }
  const kernel = config.settings.get('kernel');
  if (kernel === undefined) problems.push('config.txt names no kernel= (the firmware would look for kernel8.img)');
  else if (!has(kernel)) problems.push(`config.txt: kernel=${kernel} is not on the boot partition`);
  else if (!isArm64Kernel(view.read(kernel) ?? Buffer.alloc(0))) problems.push(`${kernel} is no arm64 kernel`);
  else facts.kernel = kernel;
  const initramfs = config.initramfs?.file;
  if (initramfs === undefined) problems.push('config.txt names no initramfs (the root is found by the initramfs)');
  else if (!has(initramfs)) problems.push(`config.txt: initramfs ${initramfs} is not on the boot partition`);
  else if (!isInitramfs(view.read(initramfs) ?? Buffer.alloc(0))) problems.push(`${initramfs} is no initramfs`);
  else facts.initramfs = initramfs;
  const dtbName = config.settings.get('device_tree') || PI4_DTB;
  if (dtbName !== PI4_DTB && !has(dtbName)) problems.push(`config.txt: device_tree=${dtbName} is not there`);

  // The device tree the firmware hands the kernel.
  const blob = view.read(dtbName);
  let serial: string | undefined;
  if (blob) {
    try {
      const dtb = parseFdt(blob);
      if (!(fdtStrings(dtb, 'compatible') ?? []).includes('raspberrypi,4-model-b')) {
        problems.push(`${dtbName} is not the Raspberry Pi 4 Model B's device tree`);
      }
      for (const [path, what] of [
        [PI4_EMMC2, 'the SD card controller (emmc2)'],
        [PI4_I2C_HEADER, "the GPIO header's I2C bus (the amplifier)"],
      ] as const) {
        const node = fdtNode(dtb, path);
        if (!node || !fdtEnabled(node)) problems.push(`${dtbName}: ${what} ${path} is not enabled`);
      }
      facts.i2cControllers = [...fdtWalk(dtb)]
        .filter((n) => (fdtStrings(n.node, 'compatible') ?? []).some((c) => /^brcm,bcm2\d+-(hdmi-)?i2c$/.test(c)))
        .filter((n) => fdtEnabled(n.node))
        .map((n) => n.path);
      serial = serialTty(dtb);
      if (serial === undefined) problems.push(`${dtbName}: no serial console in /chosen stdout-path`);
      else facts.serialConsole = serial;
      // dtparam= works through the device tree's __overrides__, which upstream device trees lack.
      if (!fdtNode(dtb, '/__overrides__')) {
        for (const p of config.dtparams) {
          problems.push(`config.txt: dtparam=${p} has no effect: ${dtbName} has no __overrides__`);
        }
      }
    } catch (e) {
      problems.push(`${dtbName} does not read as a device tree: ${(e as Error).message}`);
    }
  }

  // cmdline.txt
  const cmdlineText = view.read('cmdline.txt')?.toString('utf8') ?? '';
  const cmdline = parseCmdline(cmdlineText);
  facts.cmdline = cmdline.words.join(' ');
  if (cmdline.extraLines > 0) problems.push('cmdline.txt has more than one line (the firmware reads the first only)');
  const rootArg = cmdline.params.get('root');
  const rootMatches = [`PARTUUID=${root.partuuid}`, `LABEL=${root.label}`, `UUID=${root.uuid}`];
  if (rootArg === undefined) problems.push('cmdline.txt: no root=');
  else if (!rootMatches.some((r) => r.toLowerCase() === rootArg.toLowerCase())) {
    problems.push(`cmdline.txt: root=${rootArg} is not the root partition (${rootMatches.join(' or ')})`);
  }
  if (!cmdline.words.includes('rootwait')) problems.push('cmdline.txt: no rootwait (the SD card appears late)');
  if (!cmdline.words.includes('ro')) problems.push('cmdline.txt: the root is not mounted read-only (ro)');
  const ttys = cmdline.consoles.map((c) => c.split(',')[0] ?? '');
  if (serial !== undefined && !ttys.includes(serial)) {
    problems.push(`cmdline.txt: no console=${serial} (the serial console of ${dtbName}); consoles: ${ttys.join(' ')}`);
  }
  if (!ttys.some((t) => /^tty\d+$/.test(t))) problems.push('cmdline.txt: no console on the screen (tty0/tty1)');
  for (const t of ttys.filter((x) => /^serial\d+$/.test(x))) {
    problems.push(`cmdline.txt: console=${t} is a Raspberry Pi OS alias Debian's kernel does not know`);
  }
  if (cmdline.params.has('cma')) {
    problems.push(`cmdline.txt: cma=${cmdline.params.get('cma')} (Debian: a Pi 4 needs none, it may not boot)`);
  }
  return { problems, facts };
}
