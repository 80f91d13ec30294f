/**
 * Stand-in for libgpiod's `gpioset` (1.6.3 or 2.1). Drives the lines (consumer "gpioset") and
 * holds them: 1.6 as its --mode says (exit: release at once; signal: until SIGTERM/SIGINT; wait:
 * until a line on stdin; time: for --sec/--usec), 2.x until a signal. Released lines go back to
 * inputs (the BCM283x pinctrl does this on free), so a relay on them drops.
 */
import type { OptSpec } from './getopt.js';
import { biasOption, parseToolArgs, refuseBusy } from './gpio-args.js';
import { die, versionText } from './gpio-format.js';
import { generationOf, logCall, readLine, readWorld, worldDir, writeLine } from './gpio-world.js';

const dir = worldDir();
const world = readWorld(dir);
const v1 = generationOf(world) === 1;
const argv = process.argv.slice(2);
logCall(dir, ['gpioset', ...argv]);

const spec: OptSpec = v1
  ? {
      long: {
        help: { key: 'h', arg: false },
        version: { key: 'v', arg: false },
        'active-low': { key: 'l', arg: false },
        bias: { key: 'B', arg: true },
        drive: { key: 'D', arg: true },
        mode: { key: 'm', arg: true },
        sec: { key: 's', arg: true },
        usec: { key: 'u', arg: true },
        background: { key: 'b', arg: false },
      },
      shortWithArg: 'BDmsu',
      shortFlags: 'hvlb',
    }
  : {
      long: {
        'active-low': { key: 'l', arg: false },
        banner: { key: 'banner', arg: false },
        bias: { key: 'b', arg: true },
        'by-name': { key: 'B', arg: false },
        chip: { key: 'c', arg: true },
        consumer: { key: 'C', arg: true },
        daemonize: { key: 'z', arg: false },
        drive: { key: 'd', arg: true },
        help: { key: 'h', arg: false },
        'hold-period': { key: 'p', arg: true },
        interactive: { key: 'i', arg: false },
        strict: { key: 's', arg: false },
        toggle: { key: 't', arg: true },
        unquoted: { key: 'Q', arg: false },
        version: { key: 'v', arg: false },
      },
      shortWithArg: 'bcCdpt',
      shortFlags: 'hlsvzi',
    };

const { options, resolved } = parseToolArgs(world, argv, spec, true, 'error setting the GPIO line values');
if (options.has('v')) {
  process.stdout.write(versionText(world));
  process.exit(0);
}
const values = resolved.values.map((raw) => {
  if (v1) return raw === '1';
  if (/^(1|active|on|true)$/.test(raw)) return true;
  if (/^(0|inactive|off|false)$/.test(raw)) return false;
  return die(`invalid line value: '${raw}'`);
});
const mode = v1 ? ((options.get('m') as string | undefined) ?? 'exit') : 'signal';
if (v1 && !['exit', 'wait', 'time', 'signal'].includes(mode)) die(`invalid mode: ${mode}`);
refuseBusy(
  world,
  resolved,
  'error setting the GPIO line values',
  `unable to request lines on chip /dev/${resolved.chip.name}`,
);

const bias = biasOption(options, v1 ? 'B' : 'b');
const activeLow = options.has('l');
const consumer = !v1 && typeof options.get('C') === 'string' ? (options.get('C') as string) : 'gpioset';

resolved.lines.forEach((line, i) => {
  const value = (values[i] ?? false) !== activeLow ? 1 : 0;
  writeLine(dir, resolved.chip.name, line.offset, {
    value,
    holder: {
      consumer,
      pid: process.pid,
      direction: 'output',
      ...(bias ? { bias } : {}),
      ...(activeLow ? { activeLow } : {}),
    },
  });
});

function release(): void {
  for (const line of resolved.lines) {
    const state = readLine(dir, resolved.chip.name, line.offset);
    if (state.holder?.pid === process.pid) writeLine(dir, resolved.chip.name, line.offset, { value: state.value });
  }
}

const exitClean = () => {
  release();
  process.exit(0);
};

if (mode === 'exit') exitClean();
else if (mode === 'time') {
  const ms = Number(options.get('s') ?? 0) * 1000 + Number(options.get('u') ?? 0) / 1000;
  setTimeout(exitClean, ms);
} else if (mode === 'wait') {
  process.stdin.once('data', exitClean);
  process.stdin.once('end', exitClean);
} else {
  process.on('SIGTERM', exitClean);
  process.on('SIGINT', exitClean);
  setInterval(() => undefined, 1 << 30);
}
