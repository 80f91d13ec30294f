/**
 * What the libgpiod tools print, formatted exactly as their C source does. Per version:
 * - 1.6.3 (Debian 12): tools/tools-common.c print_version, tools/gpiodetect.c, tools/gpioinfo.c
 *   (list_lines + prinfo), tools/gpiomon.c event_print_human_readable, tools/gpioget.c.
 *   Checked against the strings of Debian's gpiod 1.6.3 binaries.
 * - 2.1 (Debian 13): tools/tools-common.c print_version, print_event_time, print_line_attributes,
 *   print_line_id, print_line_vals; tools/gpioinfo.c print_line_info; tools/gpiomon.c
 *   event_print_human_readable.
 */
import { basename } from 'node:path';
import type { LineHolder, World, WorldChip, WorldLine } from './gpio-world.js';

export const progName = (): string => basename(process.argv[1] ?? 'gpio-tool');

/** tools-common.c die(): `<prog>: <message>` on stderr, exit 1. */
export function die(message: string): never {
  process.stderr.write(`${progName()}: ${message}\n`);
  process.exit(1);
}

export function versionText(world: World): string {
  const v1 = world.version.startsWith('1.');
  return [
    `${progName()} (libgpiod) v${world.version}`,
    v1 ? 'Copyright (C) 2017-2018 Bartosz Golaszewski' : 'Copyright (C) 2017-2023 Bartosz Golaszewski',
    v1 ? 'License: LGPLv2.1' : 'License: GPL-2.0-or-later',
    'This is free software: you are free to change and redistribute it.',
    'There is NO WARRANTY, to the extent permitted by law.',
    '',
  ].join('\n');
}

/** gpiodetect.c, both versions: `%s [%s] (%u lines)`. */
export const detectLine = (chip: WorldChip) => `${chip.name} [${chip.label}] (${chip.lines.length} lines)`;

export const chipHeader = (chip: WorldChip) => `${chip.name} - ${chip.lines.length} lines:`;

/** 1.6 gpioinfo.c prinfo(): right-aligned to `width` until a field overflows, then unpadded. */
function prinfo(state: { of: boolean }, width: number, text: string): string {
  if (text.length - 1 >= width || state.of) {
    state.of = true;
    return text;
  }
  return text.padStart(width);
}

/** 1.6: `\tline  17:     "GPIO17"    "gpiomon"   input  active-high [used pull-up]`. */
export function infoLineV1(line: WorldLine, holder: LineHolder | undefined): string {
  const of = { of: false };
  let out = `\tline ${prinfo(of, 3, String(line.offset))}: `;
  out += prinfo(of, 12, line.name === null ? 'unnamed' : `"${line.name}"`);
  out += ' ';
  out += prinfo(
    of,
    12,
    holder ? (holder.pid === 0 && holder.consumer === '' ? 'kernel' : `"${holder.consumer}"`) : 'unused',
  );
  out += ' ';
  out += prinfo(of, 8, `${holder?.direction ?? 'input'} `);
  out += prinfo(of, 13, `${holder?.activeLow ? 'active-low' : 'active-high'} `);
  const flags: string[] = [];
  if (holder) flags.push('used');
  if (holder?.bias === 'pull-up') flags.push('pull-up');
  if (holder?.bias === 'pull-down') flags.push('pull-down');
  if (holder?.bias === 'disabled') flags.push('bias-disabled');
  if (flags.length) out += `[${flags.join(' ')}]`;
  return out;
}

/** 2.x: `\tline  17:\t"GPIO17"        \tinput bias=pull-up edges=both consumer="gpiomon"`. */
export function infoLineV2(line: WorldLine, holder: LineHolder | undefined): string {
  let name: string;
  if (line.name === null) name = 'unnamed'.padEnd(16);
  else if (line.name.length <= 14) name = `"${line.name}"`.padEnd(16);
  else name = `"${line.name}"`;
  let attrs = holder?.direction ?? 'input';
  if (holder?.activeLow) attrs += ' active-low';
  if (holder?.bias) attrs += ` bias=${holder.bias}`;
  if (holder?.edges) attrs += ` edges=${holder.edges}`;
  if (holder)
    attrs += holder.pid === 0 && holder.consumer === '' ? ' consumer="kernel"' : ` consumer="${holder.consumer}"`;
  return `\tline ${String(line.offset).padStart(3)}:\t${name}\t${attrs}`;
}

const ns9 = (ns: bigint) => (ns % 1_000_000_000n).toString().padStart(9, '0');

/** 1.6 gpiomon.c: `event: %s offset: %u timestamp: [%8ld.%09ld]`. */
export function eventLineV1(offset: number, rising: boolean, ns: bigint): string {
  const sec = (ns / 1_000_000_000n).toString().padStart(8);
  return `event: ${rising ? ' RISING EDGE' : 'FALLING EDGE'} offset: ${offset} timestamp: [${sec}.${ns9(ns)}]`;
}

/** 2.x gpiomon.c with --chip given: `<sec>.<nsec>\trising\tgpiochip0 17 "GPIO17"`. */
export function eventLineV2(chip: string, line: WorldLine, rising: boolean, ns: bigint, chipGiven: boolean): string {
  const time = `${ns / 1_000_000_000n}.${ns9(ns)}`;
  let id: string;
  if (line.name === null) id = `${chip} ${line.offset}`;
  else id = `${chipGiven ? `${chip} ${line.offset} ` : ''}"${line.name}"`;
  return `${time}\t${rising ? 'rising' : 'falling'}\t${id}`;
}

/** strerror texts the tools print through die_perror. */
export const ERRNO = {
  EBUSY: 'Device or resource busy',
  ENOENT: 'No such file or directory',
  EINVAL: 'Invalid argument',
} as const;
