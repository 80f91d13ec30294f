/**
 * Stand-in for libgpiod's `gpioget` (1.6.3 or 2.1): requests the lines as inputs for a moment
 * (busy lines refused with the version's error), prints their values (1.6: `0 1`, 2.x:
 * `"17"=inactive "27"=active`) and releases them.
 */
import type { OptSpec } from './getopt.js';
import { biasOption, parseToolArgs, refuseBusy } from './gpio-args.js';
import { versionText } from './gpio-format.js';
import { generationOf, logCall, readLine, readWorld, worldDir } from './gpio-world.js';

const dir = worldDir();
const world = readWorld(dir);
const v1 = generationOf(world) === 1;
const argv = process.argv.slice(2);
logCall(dir, ['gpioget', ...argv]);

const spec: OptSpec = v1
  ? {
      long: {
        help: { key: 'h', arg: false },
        version: { key: 'v', arg: false },
        'active-low': { key: 'l', arg: false },
        bias: { key: 'B', arg: true },
      },
      shortWithArg: 'B',
      shortFlags: 'hvl',
    }
  : {
      long: {
        'active-low': { key: 'l', arg: false },
        'as-is': { key: 'a', arg: false },
        bias: { key: 'b', arg: true },
        'by-name': { key: 'B', arg: false },
        chip: { key: 'c', arg: true },
        consumer: { key: 'C', arg: true },
        help: { key: 'h', arg: false },
        'hold-period': { key: 'p', arg: true },
        numeric: { key: 'N', arg: false },
        strict: { key: 's', arg: false },
        unquoted: { key: 'Q', arg: false },
        version: { key: 'v', arg: false },
      },
      shortWithArg: 'bcCp',
      shortFlags: 'ahlsv',
    };

const { options, resolved } = parseToolArgs(world, argv, spec, false, 'error reading GPIO values');
if (options.has('v')) {
  process.stdout.write(versionText(world));
  process.exit(0);
}
biasOption(options, v1 ? 'B' : 'b');
refuseBusy(world, resolved, 'error reading GPIO values', 'unable to request lines');
const activeLow = options.has('l');
const values = resolved.lines.map((line) => (readLine(dir, resolved.chip.name, line.offset).value === 1) !== activeLow);
const ids = v1 ? [] : argv.slice(argv.length - resolved.lines.length);
if (v1) process.stdout.write(`${values.map((v) => (v ? '1' : '0')).join(' ')}\n`);
else {
  const numeric = options.has('N');
  const quote = options.has('Q') ? (s: string) => s : (s: string) => `"${s}"`;
  process.stdout.write(
    `${values.map((v, i) => (numeric ? (v ? '1' : '0') : `${quote(ids[i] ?? '')}=${v ? 'active' : 'inactive'}`)).join(' ')}\n`,
  );
}
