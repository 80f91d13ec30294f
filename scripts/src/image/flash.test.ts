import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT } from '../testkit/paths.js';
import { makeTempDir } from '../testkit/temp.js';
import { FlashRefused, flashImage, progressBar, VerifyFailed } from './flash.js';
import { type TargetFacts, targetRefusal } from './flash-target.js';
import { fatList, fatRead } from './mtools.js';
import { bootPartition, readPartitionTable } from './partition-table.js';

const FLASH = join(REPO_ROOT, 'scripts/flash');
const PROVISION = join(REPO_ROOT, 'scripts/provision');
const MIB = 1024 * 1024;

const bundle = {
  version: 1,
  kind: 'room',
  storeId: 'store-1',
  roomId: '101',
  roomName: '101',
  deviceId: 'room-101',
  mqttUrl: 'mqtt://192.168.1.10:1883',
  username: 'room-101',
  password: 'p4ssw0rd-from-device-add',
};

/** A small card image laid out like images/build's: FAT boot (type c), ext4 root, ext4 data. */
function makeImage(dir: string): string {
  const image = join(dir, 'ktv-room.img');
  const fat = join(dir, 'boot.fat');
  execFileSync('truncate', ['-s', `${1 + 16 + 8 + 4}M`, image]);
  execFileSync('sfdisk', ['-q', image], {
    input:
      'label: dos\nlabel-id: 0x6b747631\nstart=2048, size=32768, type=c, bootable\nstart=34816, size=16384, type=83\nstart=51200, size=8192, type=83\n',
  });
  execFileSync('mkfs.fat', ['-F', '16', '-n', 'KTV-BOOT', '-i', '6b747631', '-C', fat, String(16 * 1024)]);
  writeFileSync(join(dir, 'config.txt'), 'arm_64bit=1\n');
  execFileSync('mcopy', ['-i', fat, join(dir, 'config.txt'), '::config.txt']);
  execFileSync('dd', [`if=${fat}`, `of=${image}`, 'bs=1M', 'seek=1', 'conv=notrunc', 'status=none']);
  // Some bytes in the root partition, so a read-back that differs there is caught.
  writeFileSync(join(dir, 'root.bin'), Buffer.alloc(8 * MIB, 0x5a));
  execFileSync('dd', [`if=${join(dir, 'root.bin')}`, `of=${image}`, 'bs=1M', 'seek=17', 'conv=notrunc', 'status=none']);
  return image;
}

function run(cmd: string, args: string[]) {
  return spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, KTV_LANG: '' } });
}

describe('scripts/flash and scripts/provision on plain files', () => {
  let dir: { path: string; remove(): void };
  let image: string;
  let bundleFile: string;
  before(() => {
    dir = makeTempDir('flash');
    image = makeImage(dir.path);
    bundleFile = join(dir.path, 'room-101.json');
    writeFileSync(bundleFile, JSON.stringify(bundle, null, 2), { mode: 0o600 });
  });
  after(() => dir.remove());

  test('flash writes the image, verifies it by reading back, and puts the bundle on the boot partition', async () => {
    const target = join(dir.path, 'card.img');
    const r = run(FLASH, [image, target, '--bundle', bundleFile]);
    assert.equal(r.status, 0, r.stderr);
    const sha = execFileSync('sha256sum', [image], { encoding: 'utf8' }).split(' ')[0];
    assert.match(r.stdout, new RegExp(`校验通过（sha256 ${sha}）`), 'verified against the image hash');
    assert.match(r.stdout, /配置包已写入启动分区：ktv-bundle\.json（设备 room-101）/);
    assert.match(r.stderr, /\[#{30}\] 100%/, 'a progress bar');
    assert.match(r.stderr, /正在回读校验/);

    const want = await readPartitionTable(image);
    const got = await readPartitionTable(target);
    assert.deepEqual(got, want, 'the same partitions');
    assert.equal(got.id, '0x6b747631');
    const boot = bootPartition(got);
    assert.equal(boot.offset, MIB);
    const onCard = await fatRead(target, boot.offset, 'ktv-bundle.json');
    assert.deepEqual(JSON.parse(onCard?.toString('utf8') ?? 'null'), bundle, 'the bundle reads back with mtools');
    assert.deepEqual((await fatList(target, boot.offset)).sort(), ['config.txt', 'ktv-bundle.json']);
    assert.equal(await fatRead(image, boot.offset, 'ktv-bundle.json'), undefined, 'the image itself is untouched');
    // Outside the boot partition the card holds exactly the image.
    const a = readFileSync(image);
    const b = readFileSync(target);
    assert.equal(b.length, a.length);
    assert.ok(a.subarray(17 * MIB).equals(b.subarray(17 * MIB)));
  });

  test('a read-back that differs fails the verify step', async () => {
    const target = join(dir.path, 'bad-card.img');
    await assert.rejects(
      flashImage({
        image,
        target,
        // A card that lost a byte: corrupt the target between writing and reading back.
        onPhase: (phase) => {
          if (phase !== 'verify') return;
          const fd = readFileSync(target);
          fd[20 * MIB] = 0;
          writeFileSync(target, fd);
        },
      }),
      (e: unknown) => e instanceof VerifyFailed && e.got !== e.want,
    );
  });

  test('refuses the system disk, a mounted disk, the image itself and a non-disk', () => {
    const systemDisk = execFileSync('findmnt', ['-n', '-o', 'SOURCE', '/'], { encoding: 'utf8' }).trim();
    const cases: Array<[string, RegExp]> = [
      [image, /就是镜像文件本身/],
      ['/dev/null', /既不是块设备也不是普通文件/],
    ];
    if (systemDisk.startsWith('/dev/') && existsSync(systemDisk)) cases.push([systemDisk, /是这台电脑的系统盘/]);
    for (const [target, message] of cases) {
      const before = existsSync(target) ? statSync(target).mtimeMs : 0;
      const r = run(FLASH, [image, target, '--bundle', bundleFile]);
      assert.equal(r.status, 3, `${target}: ${r.stderr}`);
      assert.match(r.stderr, /拒绝写入：/);
      assert.match(r.stderr, message, target);
      if (target === image) assert.equal(statSync(target).mtimeMs, before, 'not written');
    }
    const en = run(FLASH, [image, image, '--lang', 'en']);
    assert.match(en.stderr, /refused: .* is the image itself/);
  });

  test('targetRefusal: the rules, one case each', () => {
    const base: TargetFacts = {
      path: '/dev/sdx',
      kind: 'block',
      blockType: 'disk',
      capacity: 64 * MIB,
      mountpoints: [],
      systemDisk: false,
      sameAsImage: false,
      readOnly: false,
    };
    const cases: Array<[Partial<TargetFacts>, string | undefined]> = [
      [{}, undefined],
      [{ kind: 'file', blockType: undefined, capacity: undefined }, undefined],
      [{ kind: 'missing', blockType: undefined, capacity: undefined }, undefined],
      [{ sameAsImage: true }, 'flash.refuse.sameAsImage'],
      [{ kind: 'other' }, 'flash.refuse.notDevice'],
      [{ systemDisk: true, mountpoints: ['/'] }, 'flash.refuse.systemDisk'],
      [{ mountpoints: ['/media/me/KTV-BOOT'] }, 'flash.refuse.mounted'],
      [{ kind: 'file', mountpoints: ['/mnt'] }, 'flash.refuse.mounted'],
      [{ blockType: 'part' }, 'flash.refuse.partition'],
      [{ readOnly: true }, 'flash.refuse.readOnly'],
      [{ capacity: 16 * MIB }, 'flash.refuse.tooSmall'],
    ];
    for (const [patch, key] of cases) {
      assert.equal(targetRefusal({ ...base, ...patch }, 32 * MIB)?.key, key, JSON.stringify(patch));
    }
  });

  test('flashImage throws FlashRefused for the image itself (no bytes written)', async () => {
    await assert.rejects(flashImage({ image, target: image }), (e: unknown) => e instanceof FlashRefused);
  });

  test('progressBar', () => {
    const cases: Array<[number, number, number, string, number, string]> = [
      [0, 100 * MIB, 0, `[${'.'.repeat(30)}]`, 0, '0.0'],
      [50 * MIB, 100 * MIB, 5000, `[${'#'.repeat(15)}${'.'.repeat(15)}]`, 50, '10.0'],
      [100 * MIB, 100 * MIB, 10000, `[${'#'.repeat(30)}]`, 100, '10.0'],
    ];
    for (const [done, total, ms, bar, percent, rate] of cases) {
      const p = progressBar({ phase: 'write', done, total, elapsedMs: ms });
      assert.deepEqual([p.bar, p.percent, p.rate], [bar, percent, rate]);
    }
  });

  test('provision writes the bundle into an image without mounting; refuses an invalid bundle', async () => {
    const copy = join(dir.path, 'copy.img');
    execFileSync('cp', [image, copy]);
    const r = run(PROVISION, [copy, '--bundle', bundleFile]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /配置包（设备 room-101）已写入 .*copy\.img 的启动分区 1：ktv-bundle\.json/);
    const back = await fatRead(copy, MIB, 'ktv-bundle.json');
    assert.deepEqual(JSON.parse(back?.toString('utf8') ?? 'null'), bundle);

    const monitor = join(dir.path, 'monitor.json');
    writeFileSync(monitor, JSON.stringify({ ...bundle, kind: 'monitor', roomId: undefined, roomName: undefined }));
    const bad = run(PROVISION, [copy, '--bundle', monitor, '--lang', 'en']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /bundle .*monitor\.json is invalid/);
    const usage = run(PROVISION, [copy]);
    assert.equal(usage.status, 2);
  });
});
