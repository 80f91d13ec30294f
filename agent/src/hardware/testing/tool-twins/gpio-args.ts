import { getopt, type OptSpec } from './getopt.js';
import { die, ERRNO, progName } from './gpio-format.js';
import {
  findChip,
  generationOf,
  holderOf,
  type World,
  type WorldChip,
  type WorldLine,
  worldDir,
} from './gpio-world.js';

/** The lines a tool invocation names, resolved as each libgpiod version resolves them. */
export interface Resolved {
  chip: WorldChip;
  lines: WorldLine[];
  /** The request arguments after `=` (gpioset), per line. */
  values: string[];
  chipGiven: boolean;
}

export interface ToolArgs {
  options: Map<string, string | true>;
  resolved: Resolved;
}

/**
 * Parses the common shape: 1.6 `<chip> <offset>[=<value>]...`, 2.x `[--chip C] <line>[=<value>]...`
 * (lines by offset when --chip is given and the id is a number, else by name across chips).
 * Dies with the version's own message when a chip or line cannot be found.
 */
export function parseToolArgs(
  world: World,
  argv: string[],
  spec: OptSpec,
  withValues: boolean,
  v1Failure: string,
): ToolArgs {
  const parsed = getopt(argv, spec);
  if ('error' in parsed) {
    process.stderr.write(`${progName()}: ${parsed.error}\n`);
    die(`try ${progName()} --help`);
  }
  const { options, rest } = parsed;
  if (options.has('h') || options.has('v'))
    return { options, resolved: { chip: world.chips[0] as WorldChip, lines: [], values: [], chipGiven: false } };
  const split = (a: string): [string, string] => {
    const [id = '', value = ''] = a.split('=', 2);
    return [id, value];
  };
  if (generationOf(world) === 1) {
    if (rest.length < 1) die('gpiochip must be specified');
    if (rest.length < 2) {
      die(
        withValues
          ? 'at least one GPIO line offset to value mapping must be specified'
          : 'at least one GPIO line offset must be specified',
      );
    }
    const chip = findChip(world, rest[0] ?? '');
    if (!chip) die(`${v1Failure}: ${ERRNO.ENOENT}`);
    const lines: WorldLine[] = [];
    const values: string[] = [];
    for (const a of rest.slice(1)) {
      const [id, value] = withValues ? split(a) : [a, ''];
      if (withValues && !/^\d+=[01]$/.test(a)) {
        if (!/^\d+=-?\d+$/.test(a)) die(`invalid offset<->value mapping: ${a}`);
        die(`value must be 0 or 1: ${a}`);
      }
      if (!/^\d+$/.test(id)) die(`invalid GPIO offset: ${id}`);
      const line = chip.lines.find((l) => l.offset === Number(id));
      if (!line) die(`${v1Failure}: ${ERRNO.EINVAL}`);
      lines.push(line);
      values.push(value);
    }
    return { options, resolved: { chip, lines, values, chipGiven: true } };
  }
  // 2.x
  if (rest.length < 1)
    die(withValues ? 'at least one GPIO line value must be specified' : 'at least one GPIO line must be specified');
  const chipId = typeof options.get('c') === 'string' ? (options.get('c') as string) : undefined;
  const chipGiven = chipId !== undefined;
  let scope = world.chips;
  if (chipId !== undefined) {
    const c = findChip(world, chipId);
    if (!c) die(`cannot find GPIO chip character device '${chipId}'`);
    scope = [c];
  }
  let chip: WorldChip | undefined;
  const lines: WorldLine[] = [];
  const values: string[] = [];
  for (const a of rest) {
    const [id, value] = withValues ? split(a) : [a, ''];
    let found: { chip: WorldChip; line: WorldLine } | undefined;
    if (chipGiven && /^\d+$/.test(id)) {
      const c = scope[0] as WorldChip;
      const line = c.lines.find((l) => l.offset === Number(id));
      if (!line) die(`offset ${id} is out of range on chip '${chipId}'`);
      found = { chip: c, line };
    } else {
      for (const c of scope) {
        const line = c.lines.find((l) => l.name === id);
        if (line) {
          found = { chip: c, line };
          break;
        }
      }
      if (!found) die(`cannot find line '${id}'`);
    }
    chip ??= found.chip;
    lines.push(found.line);
    values.push(value);
  }
  return { options, resolved: { chip: chip as WorldChip, lines, values, chipGiven } };
}

/** The kernel refuses a request for a line someone holds: each version's message for it. */
export function refuseBusy(world: World, resolved: Resolved, v1Failure: string, v2Failure: string): void {
  const dir = worldDir();
  for (const line of resolved.lines) {
    if (holderOf(dir, resolved.chip.name, line.offset)) {
      die(generationOf(world) === 1 ? `${v1Failure}: ${ERRNO.EBUSY}` : `${v2Failure}: ${ERRNO.EBUSY}`);
    }
  }
}

export const biasOption = (
  options: Map<string, string | true>,
  key: string,
): 'pull-up' | 'pull-down' | 'disabled' | undefined => {
  const b = options.get(key);
  if (typeof b !== 'string' || b === 'as-is') return undefined;
  if (b === 'pull-up' || b === 'pull-down') return b;
  if (b === 'disable' || b === 'disabled') return 'disabled';
  die(`invalid bias: ${b}`);
};
