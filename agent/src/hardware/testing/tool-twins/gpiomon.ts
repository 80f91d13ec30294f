/**
 * Stand-in for libgpiod's `gpiomon` (1.6.3 or 2.1, as the world's version says; formats in
 * gpio-format.ts). Holds the lines like the real tool (consumer "gpiomon", busy lines refused with
 * the version's own error), prints one line per edge the test sends through the line's control
 * socket, and obeys `die` (exit 1, or SIGKILL itself) and `hang` (stays alive, prints nothing).
 * 1.6 without --line-buffered writes through a full stdio buffer when stdout is a pipe, exactly as
 * the C tool does, so a driver that forgets the flag sees nothing.
 */

import { mkdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import type { OptSpec } from './getopt.js';
import { biasOption, parseToolArgs, refuseBusy } from './gpio-args.js';
import { eventLineV1, eventLineV2, versionText } from './gpio-format.js';
import {
  type ControlMessage,
  generationOf,
  logCall,
  monitorSocket,
  readLine,
  readWorld,
  worldDir,
  writeLine,
} from './gpio-world.js';

const dir = worldDir();
const world = readWorld(dir);
const v1 = generationOf(world) === 1;
const argv = process.argv.slice(2);
logCall(dir, ['gpiomon', ...argv]);

const spec: OptSpec = v1
  ? {
      long: {
        help: { key: 'h', arg: false },
        version: { key: 'v', arg: false },
        'active-low': { key: 'l', arg: false },
        bias: { key: 'B', arg: true },
        'num-events': { key: 'n', arg: true },
        silent: { key: 's', arg: false },
        'rising-edge': { key: 'r', arg: false },
        'falling-edge': { key: 'f', arg: false },
        'line-buffered': { key: 'b', arg: false },
        format: { key: 'F', arg: true },
      },
      shortWithArg: 'BnF',
      shortFlags: 'hvlsrfb',
    }
  : {
      long: {
        'active-low': { key: 'l', arg: false },
        banner: { key: 'banner', arg: false },
        bias: { key: 'b', arg: true },
        'by-name': { key: 'B', arg: false },
        chip: { key: 'c', arg: true },
        consumer: { key: 'C', arg: true },
        'debounce-period': { key: 'p', arg: true },
        edges: { key: 'e', arg: true },
        'event-clock': { key: 'E', arg: true },
        format: { key: 'F', arg: true },
        help: { key: 'h', arg: false },
        'idle-timeout': { key: 'i', arg: true },
        localtime: { key: 'localtime', arg: false },
        'num-events': { key: 'n', arg: true },
        quiet: { key: 'q', arg: false },
        silent: { key: 'q', arg: false },
        strict: { key: 's', arg: false },
        unquoted: { key: 'Q', arg: false },
        utc: { key: 'utc', arg: false },
        version: { key: 'v', arg: false },
      },
      shortWithArg: 'bcCeEFnp',
      shortFlags: 'hlqsv',
    };

const { options, resolved } = parseToolArgs(world, argv, spec, false, 'error waiting for events');
if (options.has('v')) {
  process.stdout.write(versionText(world));
  process.exit(0);
}
refuseBusy(world, resolved, 'error waiting for events', `unable to request lines on chip /dev/${resolved.chip.name}`);

const bias = biasOption(options, v1 ? 'B' : 'b');
const activeLow = options.has('l');
const edges = v1
  ? options.has('r') && !options.has('f')
    ? 'rising'
    : options.has('f') && !options.has('r')
      ? 'falling'
      : 'both'
  : ((options.get('e') as 'both' | 'rising' | 'falling' | undefined) ?? 'both');
const consumer = !v1 && typeof options.get('C') === 'string' ? (options.get('C') as string) : 'gpiomon';
const wanted = Number(options.get('n') ?? 0);
const quiet = options.has(v1 ? 's' : 'q');

// stdio: 1.6 is fully buffered on a pipe unless --line-buffered; 2.x fflush()es after each poll.
const lineBuffered = !v1 || options.has('b') || process.stdout.isTTY === true;
let pending = '';
const flush = () => {
  if (pending) process.stdout.write(pending);
  pending = '';
};
const print = (text: string) => {
  pending += `${text}\n`;
  if (lineBuffered || pending.length >= 4096) flush();
};

let done = 0;
let hung = false;
const servers: Server[] = [];
mkdirSync(join(dir, 'mon'), { recursive: true });

function cleanup(): void {
  for (const s of servers) s.close();
  for (const line of resolved.lines) {
    rmSync(monitorSocket(dir, resolved.chip.name, line.offset), { force: true });
    const state = readLine(dir, resolved.chip.name, line.offset);
    if (state.holder?.pid === process.pid) writeLine(dir, resolved.chip.name, line.offset, { value: state.value });
  }
}

function onMessage(offset: number, msg: ControlMessage): void {
  if (msg.kind === 'die') {
    if (msg.signal) process.kill(process.pid, 'SIGKILL');
    flush();
    process.stderr.write(`gpiomon: error ${v1 ? 'waiting for events' : 'reading line events'}: Input/output error\n`);
    cleanup();
    process.exit(1);
  }
  if (msg.kind === 'hang') {
    // A wedged tool: prints nothing more and ignores SIGTERM (only SIGKILL ends it).
    hung = true;
    process.removeAllListeners('SIGTERM');
    process.on('SIGTERM', () => undefined);
    return;
  }
  if (hung) return;
  const line = resolved.lines.find((l) => l.offset === offset);
  if (!line) return;
  // active-low flips the sense of the edge, as the kernel reports it for an active-low request.
  const rising = (msg.value === 1) !== activeLow;
  if ((edges === 'rising' && !rising) || (edges === 'falling' && rising)) return;
  const ns = BigInt(msg.ns);
  if (!quiet) {
    print(v1 ? eventLineV1(offset, rising, ns) : eventLineV2(resolved.chip.name, line, rising, ns, resolved.chipGiven));
  }
  done++;
  if (wanted && done >= wanted) {
    flush();
    cleanup();
    process.exit(0);
  }
}

/** The request takes effect (gpioinfo shows the consumer) once the control sockets listen. */
function claim(): void {
  for (const line of resolved.lines) {
    const state = readLine(dir, resolved.chip.name, line.offset);
    writeLine(dir, resolved.chip.name, line.offset, {
      ...state,
      holder: {
        consumer,
        pid: process.pid,
        direction: 'input',
        edges,
        ...(bias ? { bias } : {}),
        ...(activeLow ? { activeLow } : {}),
      },
    });
  }
}

let listening = 0;
for (const line of resolved.lines) {
  const path = monitorSocket(dir, resolved.chip.name, line.offset);
  rmSync(path, { force: true });
  const server = createServer((socket) => {
    let buf = '';
    socket.on('data', (chunk) => {
      buf += chunk.toString('utf8');
      let nl = buf.indexOf('\n');
      while (nl >= 0) {
        const text = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (text) onMessage(line.offset, JSON.parse(text) as ControlMessage);
        nl = buf.indexOf('\n');
      }
    });
    socket.on('error', () => undefined);
  });
  server.listen(path, () => {
    listening++;
    if (listening === resolved.lines.length) claim();
  });
  servers.push(server);
}

const stop = () => {
  // 1.6: handle_signal() calls exit(EXIT_SUCCESS), which flushes stdio. 2.x has no handler: the
  // signal ends it with unflushed nothing (it flushes every loop).
  flush();
  cleanup();
  if (v1) process.exit(0);
  process.kill(process.pid, 'SIGKILL');
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
