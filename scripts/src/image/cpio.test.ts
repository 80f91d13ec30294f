import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CpioError, isCpio, listCpio, skipPadding } from './cpio.js';
import { newc } from './newc-builder.js';

const first = newc([
  { name: 'usr', mode: 0o40755, data: '' },
  { name: 'usr/lib/modules/6.1.0-50-arm64/kernel/drivers/mmc/host/sdhci-iproc.ko', mode: 0o100644, data: 'ELF' },
  { name: 'init', mode: 0o100755, data: '#!/bin/sh\n' },
]);

test('an initramfs cpio lists its files and where it ends', () => {
  const { entries, end } = listCpio(first);
  assert.deepEqual(
    entries.map((e) => [e.name, e.mode, e.size]),
    [
      ['usr', 0o40755, 0],
      ['usr/lib/modules/6.1.0-50-arm64/kernel/drivers/mmc/host/sdhci-iproc.ko', 0o100644, 3],
      ['init', 0o100755, 10],
    ],
  );
  assert.equal(end, first.length);
  // Two archives one after another with padding between (an early and a main initramfs).
  const second = newc([{ name: 'etc/fstab', mode: 0o100644, data: '' }]);
  const both = Buffer.concat([first, Buffer.alloc(512), second]);
  const next = skipPadding(both, listCpio(both).end);
  assert.ok(isCpio(both, next));
  assert.deepEqual(
    listCpio(both, next).entries.map((e) => e.name),
    ['etc/fstab'],
  );
});

test('a broken archive is refused', () => {
  const bad = Buffer.from(first);
  const secondHeader = 116; // 110 + "usr\0", to a multiple of 4
  bad.write('zzzzzzzz', secondHeader + 6 + 6 * 8, 'latin1'); // its size field
  const cases: [string, Buffer][] = [
    ['not cpio', Buffer.from('\x28\xb5\x2f\xfd compressed')],
    ['no trailer', first.subarray(0, first.length - 124)],
    ['a malformed field', bad],
  ];
  for (const [name, buf] of cases) assert.throws(() => listCpio(buf), CpioError, name);
});
