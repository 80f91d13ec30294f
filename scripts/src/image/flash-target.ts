import { execFile } from 'node:child_process';
import { readFile, realpath, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { MessageKey } from '@ktv/protocol';

const run = promisify(execFile);

/** What is known about a flash target; gathered by inspectTarget, judged by targetRefusal (pure). */
export interface TargetFacts {
  path: string;
  kind: 'file' | 'missing' | 'block' | 'other';
  /** lsblk TYPE for a block device: disk, part, loop, rom... */
  blockType?: string;
  /** Bytes the target can hold (block devices); undefined for files (they grow). */
  capacity?: number;
  /** Mount points of the target or any partition on it. */
  mountpoints: string[];
  /** The target is (or holds) the disk the running system booted from. */
  systemDisk: boolean;
  /** The target is the image itself. */
  sameAsImage: boolean;
  readOnly: boolean;
}

export interface Refusal {
  key: MessageKey;
  params: Record<string, string | number>;
}

const MIB = 1024 * 1024;

/** Why a target must not be written (a catalog message), or undefined when it may be (pure). */
export function targetRefusal(facts: TargetFacts, imageBytes: number): Refusal | undefined {
  const target = facts.path;
  if (facts.sameAsImage) return { key: 'flash.refuse.sameAsImage', params: { target } };
  if (facts.kind === 'other') return { key: 'flash.refuse.notDevice', params: { target } };
  if (facts.systemDisk) return { key: 'flash.refuse.systemDisk', params: { target } };
  if (facts.mountpoints.length > 0) {
    return { key: 'flash.refuse.mounted', params: { target, mounts: facts.mountpoints.join(', ') } };
  }
  if (facts.kind === 'block' && facts.blockType !== 'disk') {
    return { key: 'flash.refuse.partition', params: { target, type: facts.blockType ?? '?' } };
  }
  if (facts.readOnly) return { key: 'flash.refuse.readOnly', params: { target } };
  if (facts.capacity !== undefined && facts.capacity < imageBytes) {
    const capacity = Math.floor(facts.capacity / MIB);
    return { key: 'flash.refuse.tooSmall', params: { target, capacity, needed: Math.ceil(imageBytes / MIB) } };
  }
  return undefined;
}

interface LsblkDevice {
  path?: string;
  type?: string;
  size?: number | string;
  ro?: boolean | string;
  mountpoints?: (string | null)[];
  mountpoint?: string | null;
  pkname?: string | null;
  children?: LsblkDevice[];
}

function flatten(d: LsblkDevice): LsblkDevice[] {
  return [d, ...(d.children ?? []).flatMap(flatten)];
}

function mountsOf(d: LsblkDevice): string[] {
  return [...(d.mountpoints ?? []), d.mountpoint ?? null].filter((m): m is string => typeof m === 'string');
}

/** The block devices the running system's root (and /boot, /usr) live on, as whole disks. */
async function systemDisks(): Promise<Set<string>> {
  const disks = new Set<string>();
  for (const mount of ['/', '/boot', '/boot/efi', '/usr']) {
    try {
      const { stdout } = await run('findmnt', ['-n', '-o', 'SOURCE', '--target', mount]);
      const source = stdout.trim().replace(/\[.*\]$/, '');
      if (!source.startsWith('/dev/')) continue;
      disks.add(await realpath(source));
      const { stdout: parents } = await run('lsblk', ['-n', '-s', '-p', '-o', 'PATH,TYPE', source]);
      for (const line of parents.split('\n')) {
        const [path, type] = line.trim().split(/\s+/);
        if (path && type === 'disk') disks.add(path.replace(/^[^/]*/, ''));
      }
    } catch {
      /* not a separate mount */
    }
  }
  return disks;
}

/** Looks at a target: lsblk for block devices, /proc/mounts and findmnt for mounts. */
export async function inspectTarget(path: string, image: string): Promise<TargetFacts> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    return { path, kind: 'missing', mountpoints: [], systemDisk: false, sameAsImage: false, readOnly: false };
  }
  const imageInfo = await stat(image);
  const sameAsImage = info.dev === imageInfo.dev && info.ino === imageInfo.ino;
  const real = await realpath(path);
  const procMounts = (await readFile('/proc/mounts', 'utf8')).split('\n').map((l) => l.split(' '));
  if (info.isFile()) {
    // A plain file can still be in use as a loop device's backing file or mounted as an image.
    const mounted = procMounts.filter((m) => m[0] === real).map((m) => m[1] ?? '');
    return { path, kind: 'file', mountpoints: mounted, systemDisk: false, sameAsImage, readOnly: false };
  }
  if (!info.isBlockDevice()) {
    return { path, kind: 'other', mountpoints: [], systemDisk: false, sameAsImage, readOnly: false };
  }
  const { stdout } = await run('lsblk', ['-J', '-b', '-p', '-o', 'PATH,TYPE,SIZE,RO,MOUNTPOINTS,PKNAME', real]);
  const parsed = JSON.parse(stdout) as { blockdevices?: LsblkDevice[] };
  const device = parsed.blockdevices?.[0];
  const all = device ? flatten(device) : [];
  const paths = new Set(all.map((d) => d.path).filter((p): p is string => typeof p === 'string'));
  paths.add(real);
  const mountpoints = [
    ...new Set([...all.flatMap(mountsOf), ...procMounts.filter((m) => paths.has(m[0] ?? '')).map((m) => m[1] ?? '')]),
  ];
  const system = await systemDisks();
  return {
    path,
    kind: 'block',
    blockType: device?.type,
    capacity: device?.size === undefined ? undefined : Number(device.size),
    mountpoints,
    systemDisk: [...paths].some((p) => system.has(p)),
    sameAsImage,
    readOnly: device?.ro === true || device?.ro === '1',
  };
}
