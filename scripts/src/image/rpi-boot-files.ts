/**
 * The Raspberry Pi firmware's two text files on the boot partition, read the way the firmware and
 * the kernel read them. Pure.
 *
 * config.txt (https://www.raspberrypi.com/documentation/computers/config_txt.html): `key=value`
 * lines, `#` comments, conditional sections (`[pi4]`, `[all]`, ...; a Pi 4 applies `[all]`, `[pi4]`
 * and `[board-type=...]`-free sections only) and a few space-separated directives (`initramfs FILE
 * [followkernel]`, `include FILE`). cmdline.txt: the kernel's command line, the first line only.
 */
export interface PiConfig {
  /** The last value of each key that applies on a Pi 4 (`dtparam`/`dtoverlay` are in their lists). */
  settings: Map<string, string>;
  dtparams: string[];
  dtoverlays: string[];
  initramfs: { file: string; address: string } | undefined;
  includes: string[];
}

// Other filters (a serial number, [HDMI:1], [gpio4=1], ...) are read as not applying.
const PI4_SECTIONS = new Set(['all', 'pi4']);

export function parseConfigTxt(text: string): PiConfig {
  const config: PiConfig = { settings: new Map(), dtparams: [], dtoverlays: [], initramfs: undefined, includes: [] };
  let applies = true;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      applies = PI4_SECTIONS.has((section[1] ?? '').trim().toLowerCase());
      continue;
    }
    if (!applies) continue;
    const directive = /^(initramfs|include)\s+(\S+)(?:\s+(\S+))?$/.exec(line);
    if (directive) {
      if (directive[1] === 'initramfs') config.initramfs = { file: directive[2] ?? '', address: directive[3] ?? '' };
      else config.includes.push(directive[2] ?? '');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (key === 'dtparam') config.dtparams.push(value);
    else if (key === 'dtoverlay') config.dtoverlays.push(value);
    else config.settings.set(key, value);
  }
  return config;
}

export interface KernelCmdline {
  /** Every word in order. */
  words: string[];
  /** The last value of each `key=value` word (`root`, `init`, ...). */
  params: Map<string, string>;
  /** Every console= in order (the last one is /dev/console). */
  consoles: string[];
  /** More than one non-empty line (the firmware reads the first only). */
  extraLines: number;
}

export function parseCmdline(text: string): KernelCmdline {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const words = (lines[0] ?? '')
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  const params = new Map<string, string>();
  const consoles: string[] = [];
  for (const w of words) {
    const eq = w.indexOf('=');
    if (eq <= 0) continue;
    const key = w.slice(0, eq);
    const value = w.slice(eq + 1);
    params.set(key, value);
    if (key === 'console') consoles.push(value);
  }
  return { words, params, consoles, extraLines: Math.max(0, lines.length - 1) };
}
