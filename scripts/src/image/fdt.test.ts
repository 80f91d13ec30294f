import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FdtError, fdtEnabled, fdtNode, fdtStrings, fdtWalk, parseFdt } from './fdt.js';
import { buildFdt } from './fdt-builder.js';

const blob = buildFdt({
  name: '',
  props: { compatible: ['raspberrypi,4-model-b', 'brcm,bcm2711'], model: 'Raspberry Pi 4 Model B' },
  children: [
    { name: 'aliases', props: { serial1: '/soc/serial@7e215040' } },
    {
      name: 'soc',
      children: [
        { name: 'serial@7e215040', props: { compatible: 'brcm,bcm2835-aux-uart', status: 'okay' } },
        { name: 'i2c@7e804000', props: { status: 'disabled', 'clock-frequency': Buffer.from([0, 1, 0x86, 0xa0]) } },
        { name: 'gpio@7e200000' },
      ],
    },
  ],
});

test('a device tree reads back: paths, string lists, status', () => {
  const root = parseFdt(blob);
  assert.deepEqual(fdtStrings(root, 'compatible'), ['raspberrypi,4-model-b', 'brcm,bcm2711']);
  const cases: [string, boolean | undefined][] = [
    ['/soc/serial@7e215040', true],
    ['/soc/i2c@7e804000', false],
    ['/soc/gpio@7e200000', true], // no status: enabled
    ['/soc/gpio', true], // the name without the unit address
    ['/soc/spi@7e204000', undefined],
    ['/nothing/here', undefined],
  ];
  for (const [path, enabled] of cases) {
    const node = fdtNode(root, path);
    assert.equal(node === undefined ? undefined : fdtEnabled(node), enabled, path);
  }
  assert.deepEqual(fdtStrings(fdtNode(root, '/aliases') ?? root, 'serial1'), ['/soc/serial@7e215040']);
  assert.equal(fdtNode(root, '/soc/i2c@7e804000')?.props.get('clock-frequency')?.readUInt32BE(0), 100_000);
  assert.deepEqual(
    [...fdtWalk(root)].map((n) => n.path),
    ['/aliases', '/soc', '/soc/serial@7e215040', '/soc/i2c@7e804000', '/soc/gpio@7e200000'],
  );
});

test('what is not a device tree is refused', () => {
  const truncated = Buffer.from(blob.subarray(0, 60));
  truncated.writeUInt32BE(60, 4); // claims to end where it was cut: the structure runs past the end
  const cases: [string, Buffer][] = [
    ['empty', Buffer.alloc(0)],
    ['a gzip file', Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.alloc(60)])],
    ['cut short', blob.subarray(0, 60)],
    ['cut inside the structure', truncated],
  ];
  for (const [name, bad] of cases) assert.throws(() => parseFdt(bad), FdtError, name);
});
