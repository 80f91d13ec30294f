import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { eventLineV1, eventLineV2, infoLineV1, infoLineV2 } from '../testing/tool-twins/gpio-format.js';
import {
  classifyFailure,
  parseGetOutput,
  parseGpiodetect,
  parseGpioinfo,
  parseMonitorLine,
  parseVersion,
} from './libgpiod-output.js';
import { getArgs, monitorArgs, setArgs } from './tool-args.js';

/** A fixture's tool output: the file without its `#` header lines. */
const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../../../src/hardware/gpio/fixtures/${name}`, import.meta.url)), 'utf8')
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .join('\n');

describe('libgpiod output, both generations', () => {
  it('versions', () => {
    const cases: [string, ReturnType<typeof parseVersion>][] = [
      ['gpiomon (libgpiod) v1.6.3\nCopyright (C) 2017-2018 Bartosz Golaszewski\n', { generation: 1, version: '1.6.3' }],
      ['gpiomon (libgpiod) v2.1.3\nCopyright (C) 2017-2023 Bartosz Golaszewski\n', { generation: 2, version: '2.1.3' }],
      ['gpiomon (libgpiod) v2.2\n', { generation: 2, version: '2.2' }],
      ['gpiomon (libgpiod) v3.0.0\n', null],
      ['bash: gpiomon: command not found', null],
    ];
    for (const [text, want] of cases) assert.deepEqual(parseVersion(text), want, text);
  });

  it('gpiodetect', () => {
    assert.deepEqual(parseGpiodetect(fixture('gpiodetect.txt')), [
      { name: 'gpiochip0', label: 'pinctrl-bcm2711', lines: 58 },
      { name: 'gpiochip1', label: 'raspberrypi-exp-gpio', lines: 8 },
    ]);
  });

  for (const file of ['gpioinfo-1.6.txt', 'gpioinfo-2.1.txt']) {
    it(`gpioinfo ${file}`, () => {
      const [chip] = parseGpioinfo(fixture(file));
      assert.equal(chip?.chip, 'gpiochip0');
      assert.equal(chip?.count, 58);
      const by = (o: number) => chip?.lines.find((l) => l.offset === o);
      assert.equal(chip?.lines.length, 8);
      assert.deepEqual(by(0), {
        offset: 0,
        name: 'ID_SDA',
        direction: 'input',
        activeLow: false,
        used: false,
        consumer: null,
        bias: null,
      });
      assert.deepEqual(by(17), {
        offset: 17,
        name: 'GPIO17',
        direction: 'input',
        activeLow: false,
        used: true,
        consumer: 'gpiomon',
        bias: 'pull-up',
      });
      assert.equal(by(22)?.direction, 'output');
      assert.equal(by(22)?.consumer, 'gpioset');
      assert.deepEqual([by(42)?.name, by(42)?.consumer, by(42)?.direction], ['STATUS_LED_G_CLK', 'led0', 'output']);
    });
  }

  it('gpiomon 1.6 and 2.1 event lines', () => {
    const want = [
      { offset: 17, rising: true, ns: 5432_101_000_000n },
      { offset: 17, rising: false, ns: 5432_101_800_042n },
      { offset: 17, rising: true, ns: 5432_102_900_007n },
    ];
    const v1 = fixture('gpiomon-1.6.txt').split('\n').filter(Boolean);
    const v2 = fixture('gpiomon-2.1.txt').split('\n').filter(Boolean);
    assert.deepEqual(
      v1.slice(0, 3).map((l) => parseMonitorLine(l, 1)),
      want,
    );
    assert.deepEqual(
      v2.slice(0, 3).map((l) => parseMonitorLine(l, 2)),
      want,
    );
    assert.deepEqual(parseMonitorLine(v1[3] ?? '', 1), { offset: 22, rising: true, ns: 123456789_000_000_001n });
    assert.deepEqual(parseMonitorLine(v2[3] ?? '', 2), { offset: 5, rising: true, ns: 123456789_000_000_001n });
    // The other generation's line, or noise, is not an event.
    assert.equal(parseMonitorLine(v2[0] ?? '', 1), null);
    assert.equal(parseMonitorLine(v1[0] ?? '', 2), null);
    assert.equal(parseMonitorLine('Monitoring line "GPIO17"...', 2), null);
  });

  it('the tool twins print exactly the fixtures', () => {
    const info1 = fixture('gpioinfo-1.6.txt').split('\n');
    const info2 = fixture('gpioinfo-2.1.txt').split('\n');
    const gpiomon = {
      consumer: 'gpiomon',
      pid: 1,
      direction: 'input' as const,
      bias: 'pull-up' as const,
      edges: 'both' as const,
    };
    const gpioset = { consumer: 'gpioset', pid: 1, direction: 'output' as const };
    const led = { consumer: 'led0', pid: 1, direction: 'output' as const };
    assert.equal(infoLineV1({ offset: 0, name: 'ID_SDA' }, undefined), info1[1]);
    assert.equal(infoLineV1({ offset: 17, name: 'GPIO17' }, gpiomon), info1[5]);
    assert.equal(infoLineV1({ offset: 22, name: 'GPIO22' }, gpioset), info1[6]);
    assert.equal(infoLineV1({ offset: 42, name: 'STATUS_LED_G_CLK' }, led), info1[8]);
    assert.equal(infoLineV2({ offset: 0, name: 'ID_SDA' }, undefined), info2[1]);
    assert.equal(infoLineV2({ offset: 17, name: 'GPIO17' }, gpiomon), info2[5]);
    assert.equal(infoLineV2({ offset: 22, name: 'GPIO22' }, gpioset), info2[6]);
    assert.equal(infoLineV2({ offset: 42, name: 'STATUS_LED_G_CLK' }, led), info2[8]);
    const mon1 = fixture('gpiomon-1.6.txt').split('\n');
    const mon2 = fixture('gpiomon-2.1.txt').split('\n');
    assert.equal(eventLineV1(17, false, 5432_101_800_042n), mon1[1]);
    assert.equal(eventLineV1(22, true, 123456789_000_000_001n), mon1[3]);
    assert.equal(eventLineV2('gpiochip0', { offset: 17, name: 'GPIO17' }, false, 5432_101_800_042n, true), mon2[1]);
    assert.equal(eventLineV2('gpiochip1', { offset: 5, name: null }, true, 123456789_000_000_001n, true), mon2[3]);
  });

  it('gpioget values', () => {
    assert.deepEqual(parseGetOutput('0 1 1\n', 1), [false, true, true]);
    assert.deepEqual(parseGetOutput('"17"=active "27"=inactive\n', 2), [true, false]);
    assert.deepEqual(parseGetOutput('17=inactive\n', 2), [false]);
    assert.deepEqual(parseGetOutput('1\n', 2), [true], '--numeric');
    assert.equal(parseGetOutput('', 1), null);
    assert.equal(parseGetOutput('"17"=active', 1), null);
  });

  it('failures name what went wrong', () => {
    const cases: [string, string][] = [
      ['gpiomon: error waiting for events: Device or resource busy\n', 'busy'],
      ['gpiomon: unable to request lines on chip /dev/gpiochip0: Device or resource busy\n', 'busy'],
      ['gpioinfo: looking up chip gpiochip9: No such file or directory\n', 'missing-chip'],
      ["gpiomon: cannot find GPIO chip character device 'gpiochip9'\n", 'missing-chip'],
      ["gpioset: cannot find line 'GPIO99'\n", 'missing-line'],
      ["gpiomon: offset 99 is out of range on chip 'gpiochip0'\n", 'missing-line'],
      ['gpioget: error reading GPIO values: Permission denied\n', 'permission'],
      ['gpiomon: something else\n', 'other'],
    ];
    for (const [stderr, kind] of cases) assert.equal(classifyFailure(stderr).kind, kind, stderr);
  });

  it('command lines per generation', () => {
    assert.deepEqual(monitorArgs(1, 'gpiochip0', 17, 'pull-up'), [
      '--line-buffered',
      '--bias=pull-up',
      'gpiochip0',
      '17',
    ]);
    assert.deepEqual(monitorArgs(2, 'gpiochip0', 17, 'pull-up'), [
      '--bias=pull-up',
      '--edges=both',
      '--chip',
      'gpiochip0',
      '17',
    ]);
    assert.deepEqual(monitorArgs(1, 'gpiochip0', 4, 'disabled'), [
      '--line-buffered',
      '--bias=disable',
      'gpiochip0',
      '4',
    ]);
    assert.deepEqual(monitorArgs(2, 'gpiochip0', 4, 'as-is'), ['--edges=both', '--chip', 'gpiochip0', '4']);
    assert.deepEqual(getArgs(1, 'gpiochip0', 27, 'pull-down'), ['--bias=pull-down', 'gpiochip0', '27']);
    assert.deepEqual(getArgs(2, 'gpiochip0', 27, 'pull-down'), ['--bias=pull-down', '--chip', 'gpiochip0', '27']);
    assert.deepEqual(setArgs(1, 'gpiochip0', 5, true), ['--mode=signal', 'gpiochip0', '5=1']);
    assert.deepEqual(setArgs(2, 'gpiochip0', 5, false), ['--chip', 'gpiochip0', '5=0']);
  });
});
