import { readFile } from 'node:fs/promises';
import { type RoomBundle, validateRoomBundle } from '@ktv/protocol';
import { fatRead, fatWrite } from './mtools.js';
import { bootPartition, readPartitionTable } from './partition-table.js';

/** The name the agent looks for on the boot partition (ktv-agent.service: --from /boot/firmware/ktv-bundle.json). */
export const BUNDLE_NAME = 'ktv-bundle.json';

export class BundleInvalid extends Error {
  constructor(
    readonly file: string,
    readonly errors: string[],
  ) {
    super(`bundle ${file} is invalid: ${errors.join('; ')}`);
  }
}

export class ReadBackFailed extends Error {}

/** A room's bundle file, checked against the schema the agent uses. */
export async function readRoomBundle(file: string): Promise<{ bundle: RoomBundle; bytes: Buffer }> {
  const bytes = await readFile(file);
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new BundleInvalid(file, [(e as Error).message]);
  }
  const checked = validateRoomBundle(raw);
  if (!checked.ok) throw new BundleInvalid(file, checked.errors);
  return { bundle: checked.value, bytes };
}

/**
 * Puts a room's provisioning bundle on the boot partition of an image or a card, without
 * mounting: the partition's offset from `sfdisk -J`, the FAT written with mtools, then read back.
 */
export async function provisionImage(
  image: string,
  bundleFile: string,
): Promise<{ deviceId: string; partition: number; offset: number; name: string }> {
  const { bundle, bytes } = await readRoomBundle(bundleFile);
  const boot = bootPartition(await readPartitionTable(image));
  await fatWrite(image, boot.offset, bundleFile, BUNDLE_NAME);
  const back = await fatRead(image, boot.offset, BUNDLE_NAME);
  if (!back?.equals(bytes)) throw new ReadBackFailed(`${BUNDLE_NAME} read back differs`);
  return { deviceId: bundle.deviceId, partition: boot.index, offset: boot.offset, name: BUNDLE_NAME };
}
