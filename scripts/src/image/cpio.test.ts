import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CpioError, isCpio, listCpio, skipPadding } from './cpio.js';

/** A newc archive as `cpio -H newc -o` writes it. */
function newc(files: { name: string; mode: number; data: string }[]): Buffer {
  const parts: Buffer[] = [];
  let length = 0;
  const push = (b: Buffer) => {
    parts.push(b);
    length += b.length;
    const pad = (4 - (length % 4)) % 4;
    if (pad > 0) {
      parts.push(Buffer.alloc(pad));
      length += pad;
    }
  };
  for (const f of [...files, { name: 'TRAILER!!!', mode: 0, data: '' }]) {
    const hex = (n: number) => n.toString(16).padStart(8, '0');
    const data = Buffer.from(f.data);
    const fields = [1, f.mode, 0, 0, 1, 0, data.length, 0, 0, 0, 0, Buffer.byteLength(f.name) + 1, 0];
    push(Buffer.from(`070701${fields.map(hex).join('')}${f.name}\0`));
    if (data.length > 0) push(data);
  }
  return Buffer.concat(parts);
}

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
