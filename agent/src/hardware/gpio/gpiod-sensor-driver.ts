import type { BackoffOptions } from '../../link/backoff.js';
import type { Clock } from '../../time/clock.js';
import type { InputLine, LineLevels, RawListener, SensorDriver } from '../sensors/port.js';
import type { GpioInputConfig } from './config.js';
import { GpioError, GpioErrorCodes } from './errors.js';
import { type GpiodVersion, parseGetOutput, parseMonitorLine } from './libgpiod-output.js';
import { type ResolvedLine, resolveLines } from './resolve-lines.js';
import { type GpioLogger, SupervisedTool, type ToolFault } from './supervised-tool.js';
import { getArgs, monitorArgs } from './tool-args.js';
import { GpiodTools } from './tools.js';

export interface GpiodSensorOptions {
  /** The chip's label (`pinctrl-bcm2711`); empty: any chip with the line names. */
  chip: string;
  lines: Record<InputLine, GpioInputConfig>;
  clock: Clock;
  logger: GpioLogger;
  /** PATH etc. for the tools (tests put the tool twins first). */
  env?: NodeJS.ProcessEnv;
  backoff?: BackoffOptions;
  onFault?: (fault: ToolFault) => void;
}

const ROLES: readonly InputLine[] = ['door', 'motion', 'callButton'];

/**
 * The real sensor driver: Debian's libgpiod tools. Lines are found by name (gpiodetect +
 * gpioinfo), read once with gpioget, then watched by one `gpiomon` each (both edges, the
 * configured bias). Every edge goes to the port raw, with its kernel timestamp turned into clock
 * time; the port debounces. A gpiomon that dies is restarted with backoff and reported, and the
 * line is read again with gpioget first, so a change while it was down is not lost.
 */
export class GpiodSensorDriver implements SensorDriver {
  readonly name = 'gpiod';
  private readonly tools: GpiodTools;
  private monitors: SupervisedTool[] = [];
  private levels: LineLevels = { door: false, motion: false, callButton: false };
  private onRaw: RawListener | undefined;
  version: GpiodVersion | undefined;

  constructor(private readonly o: GpiodSensorOptions) {
    this.tools = new GpiodTools(o.env);
  }

  /** Finds the lines (throws KTV_E_GPIO_LINE_MISSING / _BUSY naming the line) without holding them. */
  async check(): Promise<ResolvedLine[]> {
    this.version ??= await this.tools.version();
    return resolveLines(
      this.tools,
      this.version,
      this.o.chip,
      ROLES.map((role) => ({ role, line: this.o.lines[role].line })),
    );
  }

  async start(onRaw: RawListener): Promise<LineLevels> {
    const resolved = await this.check();
    const version = this.version as GpiodVersion;
    const read = await Promise.all(resolved.map((line) => this.read(version, line)));
    resolved.forEach((line, i) => {
      this.levels[line.role as InputLine] = read[i] ?? false;
    });
    this.onRaw = onRaw;
    const monitors = resolved.map((line) => {
      const role = line.role as InputLine;
      const cfg = this.o.lines[role];
      const monitor = new SupervisedTool({
        tools: this.tools,
        version,
        line,
        tool: 'gpiomon',
        args: () => monitorArgs(version.generation, line.chip, line.offset, cfg.bias),
        onStdoutLine: (text) => this.onMonitorLine(role, text, version),
        beforeRestart: async () => {
          const level = await this.read(version, line);
          if (level !== this.levels[role]) this.edge(role, level, this.o.clock.now());
        },
        logger: this.o.logger,
        clock: this.o.clock,
        backoff: this.o.backoff ?? { minMs: 250, maxMs: 10_000 },
        ...(this.o.onFault ? { onFault: this.o.onFault } : {}),
      });
      return monitor;
    });
    // All three start at once (each waits until gpioinfo shows it holding its line).
    const results = await Promise.allSettled(monitors.map((m) => m.start()));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await Promise.all(monitors.map((m) => m.stop()));
      this.onRaw = undefined;
      throw failed.reason;
    }
    this.monitors = monitors;
    return { ...this.levels };
  }

  async stop(): Promise<void> {
    this.onRaw = undefined;
    const monitors = this.monitors;
    this.monitors = [];
    await Promise.all(monitors.map((m) => m.stop()));
  }

  /** The gpiomon of a line, for diagnostics and tests. */
  monitorOf(role: InputLine): SupervisedTool | undefined {
    return this.monitors[ROLES.indexOf(role)];
  }

  private async read(version: GpiodVersion, line: ResolvedLine): Promise<boolean> {
    const cfg = this.o.lines[line.role as InputLine];
    const r = await this.tools.run('gpioget', getArgs(version.generation, line.chip, line.offset, cfg.bias));
    const values = r.code === 0 ? parseGetOutput(r.stdout, version.generation) : null;
    if (values?.length !== 1) {
      throw new GpioError(
        GpioErrorCodes.TOOL_DIED,
        `gpioget ${line.line} (${line.role}) failed: ${(r.stderr || r.stdout).trim()}`,
      );
    }
    return values?.[0] !== cfg.activeLow;
  }

  private onMonitorLine(role: InputLine, text: string, version: GpiodVersion): void {
    const event = parseMonitorLine(text, version.generation);
    if (!event) {
      this.o.logger.warn({ code: GpioErrorCodes.PARSE, role, text: text.slice(0, 200) }, 'unreadable gpiomon line');
      return;
    }
    const level = event.rising !== this.o.lines[role].activeLow;
    // The kernel's CLOCK_MONOTONIC timestamp, moved onto the agent's clock by its age now.
    const ageMs = Number(process.hrtime.bigint() - event.ns) / 1e6;
    const at = this.o.clock.now() - Math.round(ageMs > 0 && ageMs < 10_000 ? ageMs : 0);
    this.edge(role, level, at);
  }

  private edge(role: InputLine, level: boolean, at: number): void {
    this.levels[role] = level;
    this.onRaw?.(role, level, at);
  }
}
