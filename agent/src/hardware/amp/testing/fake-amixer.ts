#!/usr/bin/env node
/**
 * A stand-in for alsa-utils' `amixer` (follows alsa-utils 1.2.8, Debian bookworm: amixer.c
 * show_selem output, convert_prange/convert_prange1 percent rounding, the `Invalid card number`
 * and `Unable to find simple control` errors with exit code 1). State lives in the JSON file
 * named by FAKE_AMIXER_STATE; each call's argv is appended to its `calls`.
 * Supports: -c CARD, -q, -R/-M (ignored), sget NAME, sset NAME PARAM..., scontrols.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export interface FakeDirection {
  min: number;
  max: number;
  /** One value per channel. */
  values: number[];
  /** Per-channel switch; absent: no switch. */
  switches?: boolean[];
  /** dB at min and max (linear in between), for the `[-13.50dB]` field; absent: not printed. */
  db?: [number, number];
}

export interface FakeControl {
  channels: string[];
  playback?: FakeDirection;
  capture?: FakeDirection;
}

export interface FakeCard {
  index: number;
  id: string;
  controls: Record<string, FakeControl>;
}

export interface FakeAmixerState {
  cards: FakeCard[];
  calls: string[][];
}

const rint = (x: number): number => {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
};
const toPercent = (v: number, d: FakeDirection): number =>
  d.max === d.min ? 0 : rint(((v - d.min) / (d.max - d.min)) * 100);
const fromPercent = (p: number, d: FakeDirection): number => rint((d.max - d.min) * p * 0.01) + d.min;
const clamp = (v: number, d: FakeDirection): number => Math.min(d.max, Math.max(d.min, v));

function dbText(v: number, d: FakeDirection): string {
  if (!d.db) return '';
  const [lo, hi] = d.db;
  const centi = Math.round((lo + ((v - d.min) * (hi - lo)) / (d.max - d.min || 1)) * 100);
  const sign = centi < 0 ? '-' : '';
  const a = Math.abs(centi);
  return ` [${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}dB]`;
}

export function showSelem(name: string, c: FakeControl): string {
  const mono = c.channels.length === 1;
  const caps: string[] = [];
  if (c.playback) caps.push('pvolume', ...(mono ? ['pvolume-joined'] : []));
  if (c.playback?.switches) caps.push('pswitch', 'pswitch-joined');
  if (c.capture) caps.push('cvolume', ...(mono ? ['cvolume-joined'] : []));
  if (c.capture?.switches) caps.push('cswitch', 'cswitch-joined');
  const out = [`Simple mixer control '${name}',0`, `  Capabilities: ${caps.join(' ')}`];
  const chans = mono ? 'Mono' : c.channels.join(' - ');
  if (c.playback) out.push(`  Playback channels: ${chans}`);
  if (c.capture) out.push(`  Capture channels: ${chans}`);
  const limits = [
    c.playback ? `Playback ${c.playback.min} - ${c.playback.max} ` : '',
    c.capture ? `Capture ${c.capture.min} - ${c.capture.max}` : '',
  ].join('');
  out.push(`  Limits: ${limits}`);
  if (!mono && c.playback) out.push('  Mono:');
  c.channels.forEach((ch, i) => {
    let line = `  ${mono ? 'Mono' : ch}:`;
    for (const [label, d] of [
      ['Playback', c.playback],
      ['Capture', c.capture],
    ] as const) {
      if (!d) continue;
      const v = d.values[i] ?? d.min;
      line += ` ${label} ${v} [${toPercent(v, d)}%]${dbText(v, d)}`;
      if (d.switches) line += ` [${d.switches[i] ? 'on' : 'off'}]`;
    }
    out.push(line);
  });
  return `${out.join('\n')}\n`;
}

function applyParam(c: FakeControl, param: string): void {
  const sw = (d: FakeDirection | undefined, on: boolean | 'toggle') => {
    if (d?.switches) d.switches = d.switches.map((s) => (on === 'toggle' ? !s : on));
  };
  const switches: Record<string, [FakeDirection | undefined, boolean | 'toggle']> = {
    mute: [c.playback, false],
    off: [c.playback, false],
    unmute: [c.playback, true],
    on: [c.playback, true],
    toggle: [c.playback, 'toggle'],
    cap: [c.capture, true],
    nocap: [c.capture, false],
  };
  const s = switches[param];
  if (s) {
    sw(s[0], s[1]);
    return;
  }
  const m = /^(-?\d+)(%?)([+-]?)$/.exec(param);
  if (!m) return;
  for (const d of [c.playback, c.capture]) {
    if (!d) continue;
    d.values = d.values.map((orig) => {
      const n = Number(m[1]);
      const v = m[2] === '%' ? fromPercent(n, d) : n;
      return clamp(m[3] === '+' ? orig + v : m[3] === '-' ? orig - v : v, d);
    });
  }
}

function main(argv: string[]): number {
  const file = process.env.FAKE_AMIXER_STATE;
  if (!file) {
    process.stderr.write('fake amixer: FAKE_AMIXER_STATE is not set\n');
    return 99;
  }
  const state = JSON.parse(readFileSync(file, 'utf8')) as FakeAmixerState;
  state.calls.push(argv);
  const save = () => writeFileSync(file, JSON.stringify(state, null, 2));
  let cardArg = '0';
  let quiet = false;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '-c' || a === '--card') cardArg = argv[++i] ?? '';
    else if (a === '-q' || a === '--quiet') quiet = true;
    else if (a === '-R' || a === '-M') continue;
    else rest.push(a);
  }
  const card = state.cards.find((c) => String(c.index) === cardArg || c.id === cardArg);
  if (!card) {
    save();
    process.stderr.write(`Invalid card number '${cardArg}'.\n`);
    process.stdout.write('Usage: amixer <options> [command]\n');
    return 1;
  }
  const [cmd, id = '', ...params] = rest;
  if (cmd === 'scontrols') {
    for (const name of Object.keys(card.controls)) process.stdout.write(`Simple mixer control '${name}',0\n`);
    save();
    return 0;
  }
  if (cmd !== 'sget' && cmd !== 'sset' && cmd !== 'get' && cmd !== 'set') {
    save();
    process.stderr.write(`amixer: Unknown command '${cmd ?? ''}'...\n`);
    return 1;
  }
  const name = id.replace(/,\d+$/, '').replace(/^'(.*)'$/, '$1');
  const control = card.controls[name];
  if (!control) {
    save();
    process.stderr.write(`amixer: Unable to find simple control '${name}',0\n\n`);
    return 1;
  }
  if (cmd === 'sset' || cmd === 'set') {
    if (params.length === 0) {
      save();
      process.stderr.write('Specify what you want to set...\n');
      return 1;
    }
    for (const p of params.join(',').split(',')) applyParam(control, p);
  }
  save();
  if (!quiet) process.stdout.write(showSelem(name, control));
  return 0;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '\0')) {
  process.exitCode = main(process.argv.slice(2));
}
