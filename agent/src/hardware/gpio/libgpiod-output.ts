/**
 * Parsers for what Debian's libgpiod tools print, both generations:
 * - 1.6 (Debian 12 bookworm, Raspberry Pi OS bookworm: gpiod 1.6.3): tools take `<chip> <offset>...`.
 * - 2.x (Debian 13 trixie: gpiod 2.x): tools take `--chip <chip> <offset>...` (or line names).
 * The formats follow the tools' C source (libgpiod tools/gpiomon.c, gpioinfo.c, gpiodetect.c,
 * gpioget.c, tools-common.c of each version); fixtures/ holds samples with their source named.
 * Pure: no I/O.
 */

export type GpiodGeneration = 1 | 2;

export interface GpiodVersion {
  generation: GpiodGeneration;
  /** e.g. "1.6.3", "2.1.3". */
  version: string;
}

/** `gpiomon --version` first line, both versions: `gpiomon (libgpiod) v1.6.3`. */
export function parseVersion(output: string): GpiodVersion | null {
  const m = /^\S+ \(libgpiod\) v(\d+)\.(\d+)(?:\.(\d+))?\S*/m.exec(output);
  if (!m) return null;
  const major = Number(m[1]);
  if (major !== 1 && major !== 2) return null;
  return { generation: major, version: [m[1], m[2], m[3]].filter((p) => p !== undefined).join('.') };
}

export interface ChipInfo {
  /** Device name: `gpiochip0`. */
  name: string;
  /** The driver's label: `pinctrl-bcm2711` (Pi 4), `pinctrl-rp1` (Pi 5), `gpio-mockup-A`. */
  label: string;
  lines: number;
}

/** `gpiodetect`, both versions: `gpiochip0 [pinctrl-bcm2711] (58 lines)` per chip. */
export function parseGpiodetect(output: string): ChipInfo[] {
  const chips: ChipInfo[] = [];
  for (const line of output.split('\n')) {
    const m = /^(\S+) \[(.*)\] \((\d+) lines\)$/.exec(line);
    if (m) chips.push({ name: m[1] ?? '', label: m[2] ?? '', lines: Number(m[3]) });
  }
  return chips;
}

export interface LineInfo {
  offset: number;
  /** null: `unnamed`. */
  name: string | null;
  direction: 'input' | 'output';
  activeLow: boolean;
  used: boolean;
  /** Who holds the line: the consumer string, `kernel` when used without one, null when unused. */
  consumer: string | null;
  bias: 'pull-up' | 'pull-down' | 'disabled' | null;
}

export interface ChipLines {
  chip: string;
  count: number;
  lines: LineInfo[];
}

/** `gpioinfo [chip]`, either version (detected per line). */
export function parseGpioinfo(output: string): ChipLines[] {
  const chips: ChipLines[] = [];
  let current: ChipLines | undefined;
  for (const raw of output.split('\n')) {
    const head = /^(\S+) - (\d+) lines:$/.exec(raw);
    if (head) {
      current = { chip: head[1] ?? '', count: Number(head[2]), lines: [] };
      chips.push(current);
      continue;
    }
    if (!current) continue;
    const info = parseInfoLineV2(raw) ?? parseInfoLineV1(raw);
    if (info) current.lines.push(info);
  }
  return chips;
}

/**
 * 1.6 (gpioinfo.c list_lines, prinfo right-aligns each field to 3/12/12/8/13 columns until one
 * overflows, then prints the rest unpadded):
 * `\tline  17:    "GPIO17"   "gpiomon"   input  active-high [used pull-up]`
 * `\tline   0:      "ID_SDA"       unused   input  active-high `
 */
function parseInfoLineV1(raw: string): LineInfo | null {
  const m =
    /^\tline\s*(\d+):\s*("(?:[^"]*)"|unnamed)\s+("(?:[^"]*)"|unused|kernel)\s+(input|output)\s+(active-high|active-low)\s*(?:\[([^\]]*)\])?\s*$/.exec(
      raw,
    );
  if (!m) return null;
  const flags = (m[6] ?? '').split(' ').filter(Boolean);
  const name = m[2] === 'unnamed' ? null : (m[2] ?? '').slice(1, -1);
  const holder = m[3] ?? 'unused';
  const used = holder !== 'unused';
  return {
    offset: Number(m[1]),
    name,
    direction: m[4] === 'output' ? 'output' : 'input',
    activeLow: m[5] === 'active-low',
    used,
    consumer: !used ? null : holder === 'kernel' ? 'kernel' : holder.slice(1, -1),
    bias: flags.includes('pull-up')
      ? 'pull-up'
      : flags.includes('pull-down')
        ? 'pull-down'
        : flags.includes('bias-disabled')
          ? 'disabled'
          : null,
  };
}

/**
 * 2.x (gpioinfo.c list_lines + print_line_info + tools-common.c print_line_attributes):
 * `\tline  17:\t"GPIO17"        \tinput bias=pull-up edges=both consumer="gpiomon"`
 * `\tline   2:\tunnamed         \toutput active-low consumer=kernel` (with --unquoted: no quotes)
 */
function parseInfoLineV2(raw: string): LineInfo | null {
  const m = /^\tline\s*(\d+):\t("[^"]*"|\S+)\s*\t(input|output)((?: \S+)*)\s*$/.exec(raw);
  if (!m) return null;
  const nameField = m[2] ?? '';
  const attrs = m[4] ?? '';
  const consumerMatch = / consumer=(?:"([^"]*)"|(\S+))/.exec(attrs);
  const consumer = consumerMatch ? (consumerMatch[1] ?? consumerMatch[2] ?? null) : null;
  const biasMatch = / bias=(pull-up|pull-down|disabled)/.exec(attrs);
  return {
    offset: Number(m[1]),
    name: nameField === 'unnamed' ? null : nameField.replace(/^"(.*)"$/, '$1'),
    direction: m[3] === 'output' ? 'output' : 'input',
    activeLow: / active-low(?: |$)/.test(attrs),
    used: consumer !== null,
    consumer,
    bias: (biasMatch?.[1] as LineInfo['bias'] | undefined) ?? null,
  };
}

export interface EdgeEvent {
  offset: number;
  rising: boolean;
  /** Kernel timestamp (CLOCK_MONOTONIC on kernels >= 5.7 for both uAPIs), nanoseconds. */
  ns: bigint;
}

/**
 * One line of `gpiomon` output in its default format.
 * 1.6 (gpiomon.c event_print_human_readable): `event:  RISING EDGE offset: 17 timestamp: [    1234.000012345]`
 *      (`%8ld.%09ld`, the edge name padded to 12: " RISING EDGE" / "FALLING EDGE").
 * 2.x (gpiomon.c event_print_human_readable, tools-common.c print_event_time and print_line_id,
 *      with --chip given): `1234.000012345\trising\tgpiochip0 17 "GPIO17"` or `...\tgpiochip0 17`
 *      for an unnamed line.
 */
export function parseMonitorLine(line: string, generation: GpiodGeneration): EdgeEvent | null {
  if (generation === 1) {
    const m = /^event:\s+(RISING|FALLING) EDGE offset: (\d+) timestamp: \[\s*(\d+)\.(\d{9})\]$/.exec(line);
    if (!m) return null;
    return {
      rising: m[1] === 'RISING',
      offset: Number(m[2]),
      ns: BigInt(m[3] ?? '0') * 1_000_000_000n + BigInt(m[4] ?? '0'),
    };
  }
  const m = /^(\d+)\.(\d{9})\t(rising|falling)\t\S+ (\d+)(?: .*)?$/.exec(line);
  if (!m) return null;
  return {
    rising: m[3] === 'rising',
    offset: Number(m[4]),
    ns: BigInt(m[1] ?? '0') * 1_000_000_000n + BigInt(m[2] ?? '0'),
  };
}

/**
 * `gpioget` values, in the order asked.
 * 1.6: `0 1 1` (gpioget.c: printf("%d") joined by spaces).
 * 2.x: `"17"=active "27"=inactive` (tools-common.c print_line_vals; unquoted with --unquoted).
 */
export function parseGetOutput(output: string, generation: GpiodGeneration): boolean[] | null {
  const text = output.trim();
  if (text === '') return null;
  const parts = text.split(/\s+/);
  if (generation === 1) {
    if (!parts.every((p) => p === '0' || p === '1')) return null;
    return parts.map((p) => p === '1');
  }
  const values: boolean[] = [];
  for (const p of parts) {
    const m = /^(?:"[^"]*"|[^=\s]+)=(active|inactive)$/.exec(p);
    if (m) values.push(m[1] === 'active');
    else if (p === '0' || p === '1') values.push(p === '1');
    else return null;
  }
  return values;
}

export type ToolFailure =
  | { kind: 'busy'; message: string }
  | { kind: 'missing-chip'; message: string }
  | { kind: 'missing-line'; message: string }
  | { kind: 'permission'; message: string }
  | { kind: 'other'; message: string };

/**
 * Classifies a tool's stderr (tools-common.c die/die_perror: `<prog>: <what>: <strerror>`).
 * 1.6: `gpiomon: error waiting for events: Device or resource busy`,
 *      `gpioinfo: looking up chip gpiochip9: No such file or directory`.
 * 2.x: `gpiomon: unable to request lines on chip /dev/gpiochip0: Device or resource busy`,
 *      `gpioset: cannot find line 'GPIO99'`, `gpioinfo: cannot find GPIO chip character device 'x'`.
 */
export function classifyFailure(stderr: string): ToolFailure {
  const message = stderr.trim().split('\n').filter(Boolean).at(-1) ?? '';
  if (/Device or resource busy/.test(message)) return { kind: 'busy', message };
  if (/Permission denied|Operation not permitted/.test(message)) return { kind: 'permission', message };
  if (/cannot find line|offset \S+ is out of range|Invalid argument/.test(message))
    return { kind: 'missing-line', message };
  if (/No such file or directory|cannot find GPIO chip|looking up chip/.test(message))
    return { kind: 'missing-chip', message };
  return { kind: 'other', message };
}
