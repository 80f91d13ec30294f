/** Stand-in for libgpiod's `gpiodetect` (same output in 1.6.3 and 2.1: `gpiochip0 [label] (N lines)`). */
import { detectLine, versionText } from './gpio-format.js';
import { logCall, readWorld, worldDir } from './gpio-world.js';

const dir = worldDir();
const world = readWorld(dir);
const argv = process.argv.slice(2);
logCall(dir, ['gpiodetect', ...argv]);
if (argv.includes('--version') || argv.includes('-v')) {
  process.stdout.write(versionText(world));
  process.exit(0);
}
process.stdout.write(world.chips.map((c) => `${detectLine(c)}\n`).join(''));
