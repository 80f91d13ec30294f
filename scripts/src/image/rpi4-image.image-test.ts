/**
 * `npm run test:image`, second part: builds the Raspberry Pi 4 room image (images/build --board
 * rpi4; the Debian stage is cached in dist/images/cache like the qemu one) and inspects it without
 * mounting: the boot partition against what the Pi 4 firmware needs to start Debian's arm64 kernel
 * (rpi4-boot-check.ts), the initramfs against the SD card's drivers, the root and data partitions
 * against what the room box runs (room-root-check.ts); then provisions a copy with a bundle and
 * inspects it again. No Pi 4 boots here: Debian's qemu (7.2) has no raspi4b machine.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { REPO_ROOT } from '../testkit/paths.js';
import { makeTempDir } from '../testkit/temp.js';
import { Ext4Image } from './ext4-debugfs.js';
import { fatRead } from './mtools.js';
import { readPartitionTable } from './partition-table.js';
import { inspectRoomImage } from './room-image-inspect.js';
import { PI4_I2C_HEADER } from './rpi4-boot-check.js';

const IMAGE = join(REPO_ROOT, 'dist/images/ktv-room-rpi4.img');
const AGENT = join(REPO_ROOT, 'dist/release/ktv-agent-linux-arm64');
const verbose = process.env.KTV_IMAGE_TEST_VERBOSE === '1';

let dir: { path: string; remove(): void };
const timings: Record<string, number> = {};

before(() => {
  dir = makeTempDir('rpi4-image');
  const t0 = Date.now();
  execFileSync(join(REPO_ROOT, 'images/build'), ['--board', 'rpi4', '--out', IMAGE], {
    stdio: verbose ? 'inherit' : ['ignore', 'ignore', 'inherit'],
    timeout: 120 * 60_000,
  });
  timings.buildS = Math.round((Date.now() - t0) / 1000);
});

after(() => {
  dir?.remove();
  process.stderr.write(`rpi4 image test timings: ${JSON.stringify(timings)}\n`);
});

test('the rpi4 image holds what a Pi 4 needs to boot Debian and run the room box', async () => {
  const report = await inspectRoomImage(IMAGE, { board: 'rpi4' });
  timings.inspectMs = report.ms;
  assert.deepEqual(report.problems, [], 'no problem found in the image');
  const f = report.facts;
  process.stderr.write(
    `rpi4 image: ${f.imageMib} MiB, partitions ${JSON.stringify(f.partitions)}, kernel ${f.kernelVersion}, ` +
      `cmdline "${f.cmdline}", initramfs ${f.initramfsEntries} entries, boot files: ${f.bootFiles.join(' ')}\n`,
  );
  assert.equal(f.serialConsole, 'ttyS1', "the Pi 4's mini UART under Debian's kernel");
  assert.match(f.cmdline ?? '', /(^| )console=ttyS1,115200 .*console=tty1( |$)/, 'serial, then the screen last');
  assert.match(f.cmdline ?? '', /(^| )root=PARTUUID=6b747631-02 ro /);
  assert.equal(f.i2cControllers?.indexOf(PI4_I2C_HEADER), 1, "the header's I2C bus probes second: /dev/i2c-1");
  assert.equal(statSync(IMAGE).size, f.imageMib * 2 ** 20);

  // The image's agent is the release's arm64 executable, byte for byte.
  const table = await readPartitionTable(IMAGE);
  const root = table.partitions[1];
  assert.ok(root);
  const inImage = await new Ext4Image(IMAGE, root.offset).read('/usr/lib/ktv/ktv-agent');
  const sha = (b: Buffer | undefined) =>
    createHash('sha256')
      .update(b ?? Buffer.alloc(0))
      .digest('hex');
  assert.equal(sha(inImage), sha(readFileSync(AGENT)), 'the agent in the image is dist/release/ktv-agent-linux-arm64');
});

test('a provisioned copy carries the bundle on its boot partition and still passes', async () => {
  const card = join(dir.path, 'card.img');
  execFileSync('cp', ['--sparse=always', IMAGE, card]);
  const bundle = {
    version: 1,
    kind: 'room',
    storeId: 'image-test',
    roomId: '101',
    roomName: '101',
    deviceId: 'room-101',
    mqttUrl: 'mqtt://192.168.1.10:1883',
    httpUrl: 'http://192.168.1.10:8080',
    username: 'room-101',
    password: 'image-test-password',
  };
  const bundleFile = join(dir.path, 'room-101.json');
  writeFileSync(bundleFile, JSON.stringify(bundle), { mode: 0o600 });
  execFileSync(join(REPO_ROOT, 'scripts/provision'), [card, '--bundle', bundleFile], { stdio: 'ignore' });
  const boot = (await readPartitionTable(card)).partitions[0];
  assert.ok(boot);
  const onCard = await fatRead(card, boot.offset, 'ktv-bundle.json');
  assert.deepEqual(JSON.parse(onCard?.toString('utf8') ?? 'null'), bundle);
  const report = await inspectRoomImage(card, { board: 'rpi4' });
  assert.deepEqual(report.problems, []);
  assert.ok(report.facts.bootFiles.includes('ktv-bundle.json'));
});
