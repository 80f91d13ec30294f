/**
 * The simulated GPIO world the libgpiod tool twins (gpiomon, gpioset, gpioget, gpioinfo,
 * gpiodetect) share, kept in a folder named by KTV_GPIO_WORLD so that several tool processes and
 * the test see the same chips and lines, as they would share /dev/gpiochipN:
 *
 *   world.json            chips (name, label, lines with their device-tree names) and the libgpiod
 *                         version the twins imitate ("1.6.3" Debian 12, "2.1.3" Debian 13)
 *   lines/CHIP.OFFSET     the line's electrical level and who holds it (consumer, pid, settings)
 *   mon/CHIP.OFFSET.sock  a running gpiomon's control socket: the test sends edges, `die`, `hang`
 *   calls.jsonl           every tool invocation (argv), for tests that check the driver's flags
 *
 * A holder whose pid is gone no longer holds the line (the kernel releases a dead process's lines).
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface WorldLine {
  offset: number;
  /** The device-tree name (`GPIO17`), null for an unnamed line. */
  name: string | null;
}

export interface WorldChip {
  name: string;
  label: string;
  lines: WorldLine[];
}

export interface World {
  version: string;
  chips: WorldChip[];
}

export interface LineHolder {
  consumer: string;
  /** The holding process; 0 = the kernel (never released). */
  pid: number;
  direction: 'input' | 'output';
  bias?: 'pull-up' | 'pull-down' | 'disabled';
  activeLow?: boolean;
  edges?: 'both' | 'rising' | 'falling';
}

export interface LineState {
  /** The electrical level on the pin: what the contact, PIR or the driving gpioset makes it. */
  value: 0 | 1;
  holder?: LineHolder;
}

export interface EdgeMessage {
  kind: 'edge';
  value: 0 | 1;
  /** CLOCK_MONOTONIC nanoseconds as a decimal string. */
  ns: string;
}

export type ControlMessage = EdgeMessage | { kind: 'die'; signal?: boolean } | { kind: 'hang' };

export const worldDir = (): string => {
  const dir = process.env.KTV_GPIO_WORLD;
  if (!dir) throw new Error('KTV_GPIO_WORLD is not set');
  return dir;
};

export const readWorld = (dir: string): World => JSON.parse(readFileSync(join(dir, 'world.json'), 'utf8')) as World;

export const lineKey = (chip: string, offset: number) => `${chip}.${offset}`;
const linePath = (dir: string, chip: string, offset: number) => join(dir, 'lines', lineKey(chip, offset));
export const monitorSocket = (dir: string, chip: string, offset: number) =>
  join(dir, 'mon', `${lineKey(chip, offset)}.sock`);

export function readLine(dir: string, chip: string, offset: number): LineState {
  const path = linePath(dir, chip, offset);
  if (!existsSync(path)) return { value: 0 };
  return JSON.parse(readFileSync(path, 'utf8')) as LineState;
}

export function writeLine(dir: string, chip: string, offset: number, state: LineState): void {
  mkdirSync(join(dir, 'lines'), { recursive: true });
  const path = linePath(dir, chip, offset);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, path);
}

const alive = (pid: number): boolean => {
  if (pid === 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The live holder of a line, if any (a dead process's claim is gone). */
export function holderOf(dir: string, chip: string, offset: number): LineHolder | undefined {
  const h = readLine(dir, chip, offset).holder;
  return h && alive(h.pid) ? h : undefined;
}

export function logCall(dir: string, argv: string[]): void {
  appendFileSync(join(dir, 'calls.jsonl'), `${JSON.stringify(argv)}\n`);
}

/** Finds a chip the way the tools do: `gpiochip0`, `0`, or `/dev/gpiochip0`. */
export function findChip(world: World, id: string): WorldChip | undefined {
  const name = /^\d+$/.test(id) ? `gpiochip${id}` : id.startsWith('/dev/') ? id.slice(5) : id;
  return world.chips.find((c) => c.name === name);
}

export const generationOf = (world: World): 1 | 2 => (world.version.startsWith('1.') ? 1 : 2);
