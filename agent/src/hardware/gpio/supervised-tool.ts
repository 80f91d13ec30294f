import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { type BackoffOptions, backoffDelay } from '../../link/backoff.js';
import type { Clock } from '../../time/clock.js';
import { GpioError, GpioErrorCodes } from './errors.js';
import { classifyFailure, type GpiodVersion } from './libgpiod-output.js';
import { holderOf, type ResolvedLine } from './resolve-lines.js';
import { endTool, type GpiodTools } from './tools.js';

export interface GpioLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface ToolFault {
  code: string;
  tool: string;
  line: string;
  role: string;
  message: string;
  restartInMs?: number;
}

export interface SupervisedToolOptions {
  tools: GpiodTools;
  version: GpiodVersion;
  line: ResolvedLine;
  tool: 'gpiomon' | 'gpioset';
  /** The arguments for the next spawn (gpioset: the level wanted now). */
  args: () => string[];
  onStdoutLine?: (text: string) => void;
  /** Before a restart after the tool died: e.g. re-read the line with gpioget. */
  beforeRestart?: () => Promise<void>;
  logger: GpioLogger;
  clock: Clock;
  backoff: BackoffOptions;
  onFault?: (fault: ToolFault) => void;
  /** How long a spawned tool may take to hold its line. */
  claimTimeoutMs?: number;
}

/**
 * One libgpiod tool holding one line for as long as the agent runs: spawned, confirmed to hold the
 * line (gpioinfo shows it as the consumer), restarted with backoff when it dies (and reported),
 * ended with SIGTERM (SIGKILL if wedged) on stop.
 */
export class SupervisedTool {
  private child: ChildProcess | undefined;
  private stopping = true;
  private attempt = 0;
  private cancelRestart: (() => void) | undefined;
  private stderr = '';
  /** Restarts after a death, for diagnostics and tests. */
  restarts = 0;

  constructor(private readonly o: SupervisedToolOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    this.stopping = false;
    this.attempt = 0;
    await this.spawnAndClaim();
  }

  /** Ends the running tool and starts a new one with the current args (gpioset: a new level). */
  async respawn(): Promise<void> {
    this.cancelRestart?.();
    this.cancelRestart = undefined;
    const old = this.child;
    this.child = undefined;
    if (old) await endTool(old);
    if (this.stopping) return;
    await this.spawnAndClaim();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.cancelRestart?.();
    this.cancelRestart = undefined;
    const child = this.child;
    this.child = undefined;
    if (child) await endTool(child);
  }

  private async spawnAndClaim(): Promise<void> {
    const { tools, tool, line } = this.o;
    const child = tools.spawn(tool, this.o.args());
    this.child = child;
    this.stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (d: string) => {
      this.stderr = (this.stderr + d).slice(-2000);
    });
    child.on('error', () => undefined);
    if (this.o.onStdoutLine && child.stdout) {
      const onLine = this.o.onStdoutLine;
      createInterface({ input: child.stdout }).on('line', (text) => {
        if (this.child === child) onLine(text);
      });
    }
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      await this.waitClaimed(exited);
    } catch (e) {
      if (this.child === child) this.child = undefined;
      await endTool(child);
      throw e;
    }
    child.once('exit', (code, signal) => {
      if (this.child !== child || this.stopping) return;
      this.child = undefined;
      this.died(
        `${tool} for ${line.line} (${line.role}) ended (${signal ?? `exit ${code}`})${this.stderr.trim() ? `: ${this.stderr.trim()}` : ''}`,
      );
    });
  }

  private async waitClaimed(exited: Promise<void>): Promise<void> {
    const { tools, version, line, tool } = this.o;
    const deadline = Date.now() + (this.o.claimTimeoutMs ?? 15_000);
    let gone = false;
    void exited.then(() => {
      gone = true;
    });
    // The real tools hold their line within a few ms; ask at 20 ms, then less and less often.
    let pause = 20;
    for (;;) {
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(200, pause * 2);
      if (gone) {
        await new Promise((r) => setImmediate(r));
        const failure = classifyFailure(this.stderr);
        if (failure.kind === 'busy') {
          const holder = await holderOf(tools, version, line);
          throw new GpioError(
            GpioErrorCodes.LINE_BUSY,
            `GPIO line "${line.line}" (${line.role}) is busy: held by "${holder ?? 'another program'}" (${failure.message})`,
          );
        }
        if (failure.kind === 'missing-line' || failure.kind === 'missing-chip') {
          throw new GpioError(
            GpioErrorCodes.LINE_MISSING,
            `GPIO line "${line.line}" (${line.role}): ${failure.message}`,
          );
        }
        throw new GpioError(
          GpioErrorCodes.TOOL_DIED,
          `${tool} for "${line.line}" (${line.role}) failed: ${failure.message || 'no message'}`,
        );
      }
      const info = (await tools.lines(version, line.chip)).find((l) => l.offset === line.offset);
      if (info?.used && info.consumer === tool && !gone) return;
      if (Date.now() > deadline) {
        throw new GpioError(
          GpioErrorCodes.TOOL_DIED,
          `${tool} did not take GPIO line "${line.line}" (${line.role}) within ${this.o.claimTimeoutMs ?? 15_000} ms`,
        );
      }
    }
  }

  private died(message: string): void {
    const restartInMs = backoffDelay(this.attempt, this.o.backoff);
    this.attempt++;
    const fault: ToolFault = {
      code: GpioErrorCodes.TOOL_DIED,
      tool: this.o.tool,
      line: this.o.line.line,
      role: this.o.line.role,
      message,
      restartInMs,
    };
    this.o.logger.warn(fault, 'GPIO tool ended; restarting it');
    this.o.onFault?.(fault);
    this.cancelRestart = this.o.clock.setTimeout(() => {
      this.cancelRestart = undefined;
      void this.restart();
    }, restartInMs);
  }

  private async restart(): Promise<void> {
    if (this.stopping) return;
    try {
      await this.o.beforeRestart?.();
      if (this.stopping) return;
      await this.spawnAndClaim();
      this.restarts++;
      this.attempt = 0;
      this.o.logger.info({ tool: this.o.tool, line: this.o.line.line, role: this.o.line.role }, 'GPIO tool restarted');
    } catch (e) {
      if (this.stopping) return;
      this.died(e instanceof Error ? e.message : String(e));
    }
  }
}
