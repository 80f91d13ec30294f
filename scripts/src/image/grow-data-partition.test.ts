/**
 * images/files/grow-data-partition (the room box's first-boot growth of its data partition) on a
 * disk image file with a fake /sys: the MBR entry grows to the end of the disk in whole MiB, the
 * kernel is told once, a second run changes nothing, and a disk that is not the room image's is
 * left alone.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../testkit/paths.js';
import { makeTempDir } from '../testkit/temp.js';
import { readPartitionTable } from './partition-table.js';

const SCRIPT = join(REPO_ROOT, 'images/files/grow-data-partition');
const MIB = 2 ** 20;

/** A card as images/build lays it out (1 MiB gap, boot, root, data), then `cardMib` in all. */
function card(dir: string, labelId: string, cardMib: number): { image: string; sys: string } {
  mkdirSync(dir, { recursive: true });
  const image = join(dir, 'card.img');
  execFileSync('truncate', ['-s', `${1 + 2 + 4 + 2}M`, image]);
  execFileSync('sfdisk', ['-q', image], {
    input: `label: dos\nlabel-id: ${labelId}\nunit: sectors\nstart=2048, size=4096, type=c, bootable\nstart=6144, size=8192, type=83\nstart=14336, size=4096, type=83\n`,
  });
  execFileSync('truncate', ['-s', `${cardMib}M`, image]);
  // /sys/class/block as the kernel shows the card: the disk's size, the partition's number/start/size.
  const sys = join(dir, 'sys');
  mkdirSync(join(sys, 'devices/vdx/vdx3'), { recursive: true });
  mkdirSync(join(sys, 'class/block'), { recursive: true });
  writeFileSync(join(sys, 'devices/vdx/size'), `${(cardMib * MIB) / 512}\n`);
  writeFileSync(join(sys, 'devices/vdx/vdx3/partition'), '3\n');
  writeFileSync(join(sys, 'devices/vdx/vdx3/start'), '14336\n');
  writeFileSync(join(sys, 'devices/vdx/vdx3/size'), '4096\n');
  symlinkSync('../../devices/vdx', join(sys, 'class/block/vdx'));
  symlinkSync('../../devices/vdx/vdx3', join(sys, 'class/block/vdx3'));
  return { image, sys };
}

function run(dir: string, image: string, sys: string) {
  // resizepart is the kernel's part; here it records what it was told.
  const told = join(dir, 'resizepart.log');
  const fake = join(dir, 'resizepart');
  writeFileSync(fake, `#!/bin/sh\necho "$@" >> ${told}\n`);
  chmodSync(fake, 0o755);
  const r = spawnSync(SCRIPT, ['/dev/vdx3'], {
    env: { ...process.env, KTV_SYSFS: sys, KTV_DISK: image, KTV_RESIZEPART: fake },
    encoding: 'utf8',
  });
  const log = (() => {
    try {
      return readFileSync(told, 'utf8');
    } catch {
      return '';
    }
  })();
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, told: log.trim().split('\n').filter(Boolean) };
}

test('the data partition grows to the end of the card once, in whole MiB', async (t) => {
  const dir = makeTempDir('grow-data');
  t.after(() => dir.remove());
  const { image, sys } = card(dir.path, '0x6b747631', 64);
  const before = await readPartitionTable(image);
  const first = run(dir.path, image, sys);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /vdx3 grown from 2 MiB to 57 MiB/);
  const after = await readPartitionTable(image);
  assert.deepEqual(after.partitions.slice(0, 2), before.partitions.slice(0, 2), 'boot and root untouched');
  const data = after.partitions[2];
  assert.equal(data?.offset, 14336 * 512);
  assert.equal(data?.bytes, 57 * MIB, 'from 7 MiB to the end of the 64 MiB card');
  assert.deepEqual(first.told, [`${image} 3 ${57 * 2048}`], 'the kernel is told the new size');

  // The next boot: the kernel already sees the grown partition; nothing to do.
  writeFileSync(join(sys, 'devices/vdx/vdx3/size'), `${57 * 2048}\n`);
  const again = run(dir.path, image, sys);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /already fills the card/);
  assert.equal(again.told.length, 1, 'resizepart not run again');
});

test('a card that is not the room image, or a table that does not match, is left alone', async (t) => {
  const dir = makeTempDir('grow-data-foreign');
  t.after(() => dir.remove());
  const foreign = card(join(dir.path, 'a'), '0x12345678', 64);
  const before = readFileSync(foreign.image);
  const r = run(join(dir.path, 'a'), foreign.image, foreign.sys);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /not the room image's card/);
  assert.ok(readFileSync(foreign.image).equals(before), 'not one byte written');

  const mismatch = card(join(dir.path, 'b'), '0x6b747631', 64);
  writeFileSync(join(mismatch.sys, 'devices/vdx/vdx3/start'), '20480\n');
  const m = run(join(dir.path, 'b'), mismatch.image, mismatch.sys);
  assert.equal(m.code, 1);
  assert.match(m.stderr, /does not match its MBR entry/);
  assert.equal(m.told.length, 0);
});
