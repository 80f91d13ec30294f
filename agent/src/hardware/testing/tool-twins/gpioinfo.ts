/** Stand-in for libgpiod's `gpioinfo` (1.6.3: `gpioinfo [chip]...`; 2.1: `gpioinfo [--chip C]`). */
import { getopt } from './getopt.js';
import { chipHeader, die, infoLineV1, infoLineV2, progName, versionText } from './gpio-format.js';
import { findChip, generationOf, holderOf, logCall, readWorld, type WorldChip, worldDir } from './gpio-world.js';

const dir = worldDir();
const world = readWorld(dir);
const v1 = generationOf(world) === 1;
const argv = process.argv.slice(2);
logCall(dir, ['gpioinfo', ...argv]);
const parsed = getopt(argv, {
  long: {
    help: { key: 'h', arg: false },
    version: { key: 'v', arg: false },
    ...(v1
      ? {}
      : { chip: { key: 'c', arg: true }, unquoted: { key: 'Q', arg: false }, strict: { key: 's', arg: false } }),
  },
  shortWithArg: v1 ? '' : 'c',
  shortFlags: v1 ? 'hv' : 'hvs',
});
if ('error' in parsed) {
  process.stderr.write(`${progName()}: ${parsed.error}\n`);
  die(`try ${progName()} --help`);
}
if (parsed.options.has('v')) {
  process.stdout.write(versionText(world));
  process.exit(0);
}
let chips: WorldChip[] = world.chips;
if (v1 && parsed.rest.length) {
  chips = parsed.rest.map((id) => findChip(world, id) ?? die(`looking up chip ${id}: No such file or directory`));
}
const chipId = parsed.options.get('c');
if (!v1 && typeof chipId === 'string')
  chips = [findChip(world, chipId) ?? die(`cannot find GPIO chip character device '${chipId}'`)];
const out: string[] = [];
for (const chip of chips) {
  out.push(chipHeader(chip));
  for (const line of chip.lines) {
    const holder = holderOf(dir, chip.name, line.offset);
    out.push(v1 ? infoLineV1(line, holder) : infoLineV2(line, holder));
  }
}
process.stdout.write(`${out.join('\n')}\n`);
