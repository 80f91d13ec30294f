import { execFile } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { isCpio, listCpio, skipPadding } from './cpio.js';
import { Ext4Image } from './ext4-debugfs.js';
import { fatList, fatRead } from './mtools.js';
import { readPartitionTable } from './partition-table.js';
import { checkRoomRoot, initramfsModules, missingFromInitramfs } from './room-root-check.js';
import { checkRpi4Boot, type Rpi4BootFacts } from './rpi4-boot-check.js';

/**
 * Inspects a built room image without mounting it: the partition table (sfdisk -J), the FAT boot
 * partition (mtools), the ext4 root and data partitions (debugfs at an offset) and the initramfs
 * (its cpio, decompressed). Answers every problem found and what it saw.
 */
export interface RoomImageReport {
  problems: string[];
  facts: Partial<Rpi4BootFacts> & {
    partitions: { index: number; mib: number; type: string; bootable: boolean }[];
    bootFiles: string[];
    kernelVersion?: string;
    initramfsEntries?: number;
    agentBytes?: number;
    rootLabel?: string;
    dataLabel?: string;
    imageMib: number;
  };
  ms: number;
}

export interface InspectOptions {
  board: 'rpi4' | 'qemu';
  /** The i2c-bus addon expected beside the agent (default: the arm64 one). */
  addon?: string;
}

function zstdDecompress(data: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile('zstd', ['-dc'], { encoding: 'buffer', maxBuffer: 1 << 30 }, (err, stdout) =>
      err ? reject(err) : resolve(stdout),
    );
    child.stdin?.end(data);
  });
}

/** Every entry name in an initramfs: cpio archives one after another, compressed ones unpacked. */
export async function initramfsNames(blob: Buffer): Promise<string[]> {
  const names: string[] = [];
  let rest = blob;
  for (let guard = 0; guard < 8 && rest.length > 0; guard++) {
    if (isCpio(rest)) {
      const { entries, end } = listCpio(rest);
      names.push(...entries.map((e) => e.name));
      rest = rest.subarray(skipPadding(rest, end));
    } else if (rest[0] === 0x1f && rest[1] === 0x8b) {
      rest = gunzipSync(rest);
    } else if (rest.readUInt32LE(0) === 0xfd2fb528) {
      rest = await zstdDecompress(rest);
    } else {
      throw new Error(
        `an initramfs part in a format this check does not read (${rest.subarray(0, 4).toString('hex')})`,
      );
    }
  }
  return names;
}

export async function inspectRoomImage(image: string, o: InspectOptions): Promise<RoomImageReport> {
  const t0 = Date.now();
  const problems: string[] = [];
  const table = await readPartitionTable(image);
  const facts: RoomImageReport['facts'] = {
    partitions: table.partitions.map((p) => ({
      index: p.index,
      mib: Math.round(p.bytes / 2 ** 20),
      type: p.type,
      bootable: p.bootable,
    })),
    bootFiles: [],
    imageMib: 0,
  };
  const [boot, root, data] = table.partitions;
  const last = table.partitions.at(-1);
  facts.imageMib = last ? Math.round((last.offset + last.bytes) / 2 ** 20) : 0;
  if (table.label !== 'dos') problems.push(`the partition table is ${table.label}, not dos (MBR: the Pi 4 boot ROM)`);
  if (!boot || !root || !data || table.partitions.length !== 3) {
    problems.push(`${table.partitions.length} partitions, not boot + root + data`);
    return { problems, facts, ms: Date.now() - t0 };
  }
  if (boot.type.toLowerCase() !== 'c' || !boot.bootable)
    problems.push('partition 1 is not a bootable FAT32 (LBA) partition');
  if (boot.offset % 2 ** 20 !== 0) problems.push('partition 1 does not start on a MiB boundary');
  for (const p of [root, data]) if (p.type !== '83') problems.push(`partition ${p.index} is not a Linux partition`);
  const diskId = (table.id ?? '').replace(/^0x/, '').padStart(8, '0');

  // The boot partition.
  const files = await fatList(image, boot.offset);
  facts.bootFiles = files;
  const cache = new Map<string, Buffer | undefined>();
  for (const name of files) {
    if (/\.(txt|dtb)$/.test(name) || /^(vmlinuz|initrd\.img)-/.test(name))
      cache.set(name, await fatRead(image, boot.offset, name));
  }
  const rootFs = new Ext4Image(image, root.offset);
  const rootId = await rootFs.identity();
  facts.rootLabel = rootId.label;
  const bootCheck = checkRpi4Boot({ files, read: (name) => cache.get(name) }, { partuuid: `${diskId}-02`, ...rootId });
  Object.assign(facts, bootCheck.facts);
  if (o.board === 'rpi4') problems.push(...bootCheck.problems);

  // The kernel's version, its initramfs and the modules in the root.
  const kernel = files.find((f) => /^vmlinuz-/.test(f));
  const kernelVersion = kernel?.replace(/^vmlinuz-/, '');
  facts.kernelVersion = kernelVersion;
  if (!kernelVersion) problems.push('no vmlinuz-VERSION on the boot partition');
  else {
    const initrd = cache.get(`initrd.img-${kernelVersion}`);
    if (!initrd) problems.push(`no initrd.img-${kernelVersion} on the boot partition`);
    else {
      try {
        const names = await initramfsNames(initrd);
        facts.initramfsEntries = names.length;
        for (const m of missingFromInitramfs(names, initramfsModules({ kernelVersion, board: o.board }))) {
          problems.push(`the initramfs lacks ${m} (the root would not be found)`);
        }
      } catch (e) {
        problems.push(`the initramfs does not unpack: ${(e as Error).message}`);
      }
    }
    const rootCheck = await checkRoomRoot(rootFs, {
      kernelVersion,
      diskId,
      board: o.board,
      addon: o.addon ?? 'i2c-bus-linux-arm64.node',
    });
    problems.push(...rootCheck.problems);
    facts.agentBytes = rootCheck.facts.agentBytes;
  }
  if (rootId.label !== 'ktv-root') problems.push(`the root file system's label is "${rootId.label}", not ktv-root`);

  // The data partition: the agent's folder, owned by the ktv user.
  const dataFs = new Ext4Image(image, data.offset);
  const dataId = await dataFs.identity();
  facts.dataLabel = dataId.label;
  if (dataId.label !== 'ktv-data') problems.push(`the data file system's label is "${dataId.label}", not ktv-data`);
  const dataRoot = await dataFs.stat('/');
  if (dataRoot?.uid !== 990 || dataRoot.gid !== 990) problems.push('the data partition is not owned by ktv (990:990)');
  return { problems, facts, ms: Date.now() - t0 };
}
