import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { compile } from '@ktv/protocol';
import { Type } from '@sinclair/typebox';

const run = promisify(execFile);

const SfdiskJson = Type.Object({
  partitiontable: Type.Object({
    label: Type.String(),
    id: Type.Optional(Type.String()),
    unit: Type.Optional(Type.String()),
    sectorsize: Type.Optional(Type.Integer()),
    partitions: Type.Array(
      Type.Object({
        node: Type.String(),
        start: Type.Integer({ minimum: 0 }),
        size: Type.Integer({ minimum: 0 }),
        type: Type.String(),
        bootable: Type.Optional(Type.Boolean()),
      }),
    ),
  }),
});
const checkSfdisk = compile(SfdiskJson);

export interface Partition {
  index: number;
  /** Bytes from the start of the disk. */
  offset: number;
  bytes: number;
  type: string;
  bootable: boolean;
}

export interface PartitionTable {
  label: string;
  id: string | undefined;
  partitions: Partition[];
}

/** `sfdisk -J`'s answer as a table (pure). */
export function parseSfdiskJson(text: string): PartitionTable {
  const checked = checkSfdisk(JSON.parse(text));
  if (!checked.ok) throw new Error(`unexpected sfdisk -J output: ${checked.errors.join('; ')}`);
  const t = checked.value.partitiontable;
  const sector = t.sectorsize ?? 512;
  return {
    label: t.label,
    id: t.id,
    partitions: t.partitions.map((p, i) => ({
      index: i + 1,
      offset: p.start * sector,
      bytes: p.size * sector,
      type: p.type,
      bootable: p.bootable === true,
    })),
  };
}

/** The FAT boot partition the Raspberry Pi firmware reads (MBR type c/b/e, or the first bootable one). */
export function bootPartition(table: PartitionTable): Partition {
  const fat = table.partitions.find((p) => ['c', 'b', 'e', 'ef'].includes(p.type.toLowerCase()));
  const found = fat ?? table.partitions.find((p) => p.bootable);
  if (!found) throw new Error('no FAT boot partition in the partition table');
  return found;
}

/** Reads a disk image's (or a card's) partition table without mounting anything. */
export async function readPartitionTable(path: string): Promise<PartitionTable> {
  const { stdout } = await run('sfdisk', ['-J', path]);
  return parseSfdiskJson(stdout);
}
