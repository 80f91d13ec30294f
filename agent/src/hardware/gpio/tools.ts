import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { GpioError, GpioErrorCodes } from './errors.js';
import {
  type ChipInfo,
  type GpiodVersion,
  type LineInfo,
  parseGpiodetect,
  parseGpioinfo,
  parseVersion,
} from './libgpiod-output.js';
import { infoArgs } from './tool-args.js';

export interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the libgpiod tools by name off PATH (Debian's /usr/bin, or a test's tool twins). */
export class GpiodTools {
  constructor(readonly env: NodeJS.ProcessEnv = process.env) {}

  run(tool: string, args: string[], timeoutMs = 10_000): Promise<ToolResult> {
    return new Promise((resolve, reject) => {
      execFile(tool, args, { env: this.env, timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
        if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(
            new GpioError(GpioErrorCodes.TOOLS, `${tool} not found: install Debian's gpiod package`, { cause: err }),
          );
          return;
        }
        const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  }

  spawn(tool: string, args: string[]): ChildProcess {
    return spawn(tool, args, { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** Probes `gpiomon --version`: which output format to expect. */
  async version(): Promise<GpiodVersion> {
    const r = await this.run('gpiomon', ['--version']);
    const v = parseVersion(r.stdout);
    if (!v) {
      throw new GpioError(
        GpioErrorCodes.TOOLS,
        `gpiomon --version gave no libgpiod version: ${(r.stdout + r.stderr).trim().slice(0, 200)}`,
      );
    }
    return v;
  }

  async chips(): Promise<ChipInfo[]> {
    const r = await this.run('gpiodetect', []);
    if (r.code !== 0) throw new GpioError(GpioErrorCodes.CHIP, `gpiodetect failed: ${r.stderr.trim()}`);
    return parseGpiodetect(r.stdout);
  }

  async lines(version: GpiodVersion, chip: string): Promise<LineInfo[]> {
    const r = await this.run('gpioinfo', infoArgs(version.generation, chip));
    if (r.code !== 0) throw new GpioError(GpioErrorCodes.CHIP, `gpioinfo ${chip} failed: ${r.stderr.trim()}`);
    return parseGpioinfo(r.stdout)[0]?.lines ?? [];
  }
}

/** Ends a tool: SIGTERM, then SIGKILL if it has not gone after `graceMs` (a wedged tool). */
export function endTool(child: ChildProcess, graceMs = 1000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
