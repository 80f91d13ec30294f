import type { Ext4Stat } from './ext4-debugfs.js';

/**
 * Does a room box's root file system hold what the box runs (the agent and its addon for arm64,
 * the units enabled, the player, the kiosk, fonts, GPIO/I2C/CEC tools, time sync, the kernel's
 * modules and Wi-Fi firmware), set up read-only with a separate data partition? Pure over a
 * RootFsView (debugfs on an image, a Map in tests).
 */
export interface RootFsView {
  stat(path: string): Promise<Ext4Stat | undefined>;
  read(path: string, maxBytes?: number): Promise<Buffer | undefined>;
}

export interface RoomRootOptions {
  /** The kernel's version from the boot partition (vmlinuz-VERSION): its modules must be in the root. */
  kernelVersion: string;
  /** The disk id as in PARTUUIDs (6b747631). */
  diskId: string;
  board: 'rpi4' | 'qemu';
  /** The i2c-bus addon's file name beside the agent, if the image carries it. */
  addon?: string;
}

const ELF_AARCH64 = 183;

/** An ELF file's machine (e_machine), or undefined for what is not ELF. */
export function elfMachine(head: Buffer): number | undefined {
  if (head.length < 20 || head.readUInt32BE(0) !== 0x7f454c46) return undefined;
  return head[5] === 2 ? head.readUInt16BE(18) : head.readUInt16LE(18);
}

/** Files the room box needs, by what needs them. */
export function requiredFiles(o: RoomRootOptions): [string, string][] {
  const mod = `/usr/lib/modules/${o.kernelVersion}`;
  const files: [string, string][] = [
    ['/usr/bin/mpv', 'mpv (the TV)'],
    ['/usr/bin/cage', 'cage (the touchscreen kiosk)'],
    ['/usr/bin/chromium', 'Chromium (the touchscreen kiosk)'],
    ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', 'fonts-noto-cjk (Chinese text)'],
    ['/usr/bin/gpioinfo', 'gpiod (door, PIR, call button)'],
    ['/usr/bin/gpiomon', 'gpiod (door, PIR, call button)'],
    ['/usr/bin/gpioset', 'gpiod (relays)'],
    ['/usr/sbin/i2cdetect', 'i2c-tools (the amplifier)'],
    ['/usr/bin/cec-ctl', 'v4l-utils (the TV over HDMI-CEC)'],
    ['/usr/lib/systemd/systemd-timesyncd', 'time sync'],
    ['/usr/sbin/wpa_supplicant', 'Wi-Fi'],
    ['/usr/bin/amixer', 'alsa-utils (volume)'],
    ['/usr/lib/ktv/grow-data-partition', 'the data partition grows to the end of the card'],
    [`${mod}/modules.dep`, 'the kernel modules of the boot partition kernel'],
    [`${mod}/kernel/fs/ext4/ext4.ko`, 'ext4'],
  ];
  if (o.board === 'rpi4') {
    files.push(
      ['/usr/lib/aarch64-linux-gnu/dri/v3d_dri.so', "Mesa's Pi 4 GPU driver (mpv --vo=gpu, the kiosk)"],
      ['/usr/lib/aarch64-linux-gnu/dri/vc4_dri.so', "Mesa's Pi 4 display driver"],
      [`${mod}/kernel/drivers/gpu/drm/vc4/vc4.ko`, 'the Pi 4 HDMI display (and its CEC)'],
      [`${mod}/kernel/drivers/gpu/drm/v3d/v3d.ko`, 'the Pi 4 GPU'],
      [`${mod}/kernel/drivers/i2c/busses/i2c-bcm2835.ko`, 'the Pi 4 I2C controllers'],
      [`${mod}/kernel/drivers/i2c/i2c-dev.ko`, '/dev/i2c-N'],
      [`${mod}/kernel/drivers/mmc/host/sdhci-iproc.ko`, 'the Pi 4 SD card'],
      [`${mod}/kernel/drivers/net/wireless/broadcom/brcm80211/brcmfmac/brcmfmac.ko`, 'the Pi 4 Wi-Fi'],
      ['/usr/lib/firmware/brcm/brcmfmac43455-sdio.bin', 'the Pi 4 Wi-Fi firmware'],
      ['/usr/lib/firmware/brcm/brcmfmac43455-sdio.raspberrypi,4-model-b.txt', 'the Pi 4 Wi-Fi board settings'],
      ['/usr/lib/firmware/regulatory.db', 'wireless-regdb (the Wi-Fi regulatory database)'],
    );
  }
  return files;
}

/** Units the image starts at boot: the wants link and where it must point. */
export function enabledUnits(o: RoomRootOptions): [string, RegExp][] {
  const sys = '/etc/systemd/system';
  const units: [string, RegExp][] = [
    [`${sys}/multi-user.target.wants/ktv-agent.service`, /\/ktv-agent\.service$/],
    [`${sys}/multi-user.target.wants/ktv-wifi.path`, /\/ktv-wifi\.path$/],
    [`${sys}/graphical.target.wants/ktv-kiosk.service`, /\/ktv-kiosk\.service$/],
    [`${sys}/sysinit.target.wants/systemd-timesyncd.service`, /\/systemd-timesyncd\.service$/],
    [`${sys}/multi-user.target.wants/systemd-networkd.service`, /\/systemd-networkd\.service$/],
    [`${sys}/local-fs-pre.target.wants/ktv-grow-data.service`, /\/ktv-grow-data\.service$/],
    [`${sys}/default.target`, o.board === 'rpi4' ? /\/graphical\.target$/ : /\/multi-user\.target$/],
  ];
  return units;
}

/** fstab lines a read-only root with a data partition needs: [mount point, type, option that must be there]. */
function fstabProblems(fstab: string, diskId: string): string[] {
  const problems: string[] = [];
  const rows = fstab
    .split('\n')
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter((l) => l !== '')
    .map((l) => l.split(/\s+/));
  const want: [string, string, string, string[]][] = [
    ['/', `PARTUUID=${diskId}-02`, 'ext4', ['ro']],
    ['/boot/firmware', `PARTUUID=${diskId}-01`, 'vfat', []],
    // The file system follows its partition when it grows to the end of the card.
    ['/var/lib/ktv', `PARTUUID=${diskId}-03`, 'ext4', ['noexec', 'x-systemd.growfs']],
    ['/var/log', 'tmpfs', 'tmpfs', []],
    ['/tmp', 'tmpfs', 'tmpfs', []],
  ];
  for (const [mount, source, type, options] of want) {
    const row = rows.find((r) => r[1] === mount);
    if (!row) problems.push(`fstab: nothing mounted on ${mount}`);
    else if (row[0] !== source || row[2] !== type) {
      problems.push(`fstab: ${mount} is ${row[0]} (${row[2]}), not ${source} (${type})`);
    } else {
      for (const option of options.filter((o) => !(row[3] ?? '').split(',').includes(o))) {
        problems.push(`fstab: ${mount} without ${option}`);
      }
    }
  }
  return problems;
}

export async function checkRoomRoot(
  view: RootFsView,
  o: RoomRootOptions,
): Promise<{ problems: string[]; facts: { agentBytes?: number } }> {
  const problems: string[] = [];
  const facts: { agentBytes?: number } = {};

  const agent = await view.stat('/usr/lib/ktv/ktv-agent');
  if (agent?.type !== 'file') problems.push('/usr/lib/ktv/ktv-agent is missing');
  else {
    facts.agentBytes = agent.size;
    if ((agent.mode & 0o111) === 0) problems.push('/usr/lib/ktv/ktv-agent is not executable');
    if (elfMachine((await view.read('/usr/lib/ktv/ktv-agent', 64)) ?? Buffer.alloc(0)) !== ELF_AARCH64) {
      problems.push('/usr/lib/ktv/ktv-agent is not an arm64 executable');
    }
  }
  const link = await view.stat('/usr/bin/ktv-agent');
  if (link?.type !== 'symlink' || !/lib\/ktv\/ktv-agent$/.test(link.target ?? '')) {
    problems.push('/usr/bin/ktv-agent does not point at /usr/lib/ktv/ktv-agent (the units start it there)');
  }
  if (o.addon !== undefined) {
    const path = `/usr/lib/ktv/${o.addon}`;
    const head = await view.read(path, 64);
    if (!head) problems.push(`${path} (the amplifier's I2C addon) is missing`);
    else if (elfMachine(head) !== ELF_AARCH64) problems.push(`${path} is not an arm64 shared object`);
  }

  for (const [path, why] of requiredFiles(o)) {
    const s = await view.stat(path);
    if (s === undefined) problems.push(`${path} is missing (${why})`);
  }
  for (const [path, target] of enabledUnits(o)) {
    const s = await view.stat(path);
    if (s?.type !== 'symlink' || !target.test(s.target ?? '')) problems.push(`${path} is not enabled (${target})`);
  }
  for (const unit of ['ktv-agent.service', 'ktv-kiosk.service', 'ktv-wifi.path']) {
    if (!(await view.stat(`/etc/systemd/system/${unit}`))) problems.push(`/etc/systemd/system/${unit} is missing`);
  }

  const text = async (path: string) => (await view.read(path))?.toString('utf8');
  problems.push(...fstabProblems((await text('/etc/fstab')) ?? '', o.diskId));
  if (!/^i2c-dev$/m.test((await text('/etc/modules-load.d/ktv.conf')) ?? '')) {
    problems.push('/etc/modules-load.d/ktv.conf does not load i2c-dev (no /dev/i2c-1 for the amplifier)');
  }
  const passwd = (await text('/etc/passwd')) ?? '';
  if (!/^ktv:x:990:990:/m.test(passwd))
    problems.push('/etc/passwd: no ktv user with uid 990 (the data partition owner)');
  const group = (await text('/etc/group')) ?? '';
  for (const g of ['gpio', 'i2c', 'audio', 'video']) {
    if (!new RegExp(`^${g}:x:\\d+:(.*,)?ktv(,|$)`, 'm').test(group)) problems.push(`/etc/group: ktv is not in ${g}`);
  }
  if ((await text('/etc/ktv/board'))?.trim() !== o.board) problems.push(`/etc/ktv/board is not ${o.board}`);
  if (o.board === 'rpi4') {
    const why: [string, string][] = [
      ['ktv-agent', 'its DeviceAllow=char-drm/char-cec need the drivers loaded'],
      ['ktv-kiosk', 'its /dev/dri/card* condition is checked once'],
    ];
    for (const [unit, reason] of why) {
      const dropIn = (await text(`/etc/systemd/system/${unit}.service.d/rpi4-devices.conf`)) ?? '';
      if (!/^After=.*systemd-udev-settle\.service/m.test(dropIn)) {
        problems.push(`${unit}.service does not wait for udev (${reason})`);
      }
    }
  }
  try {
    JSON.parse((await text('/etc/ktv/agent-defaults.json')) ?? '');
  } catch {
    problems.push('/etc/ktv/agent-defaults.json is missing or not JSON');
  }
  return { problems, facts };
}

/** initramfs entries (cpio names) that must be there for the kernel to find an SD card's root. */
export function initramfsModules(o: Pick<RoomRootOptions, 'kernelVersion' | 'board'>): string[] {
  const k = `usr/lib/modules/${o.kernelVersion}/kernel`;
  const common = [`${k}/fs/ext4/ext4.ko`];
  if (o.board === 'qemu') return [...common, `${k}/drivers/block/virtio_blk.ko`];
  return [
    ...common,
    `${k}/drivers/mmc/host/sdhci-iproc.ko`,
    `${k}/drivers/mmc/host/sdhci-pltfm.ko`,
    `${k}/drivers/mmc/host/sdhci.ko`,
    // emmc2's vmmc-supply (regulator-fixed) and vqmmc-supply (regulator-gpio).
    `${k}/drivers/regulator/fixed.ko`,
    `${k}/drivers/regulator/gpio-regulator.ko`,
  ];
}

/** What an initramfs lacks (its entry names, with or without a leading ./ or /). */
export function missingFromInitramfs(names: string[], want: string[]): string[] {
  const have = new Set(names.map((n) => n.replace(/^\.?\//, '')));
  // Debian's initramfs on a merged-/usr system may list lib/modules (a symlink to usr/lib).
  return want.filter((w) => !have.has(w) && !have.has(w.replace(/^usr\//, '')));
}
