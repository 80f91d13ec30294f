import type { BackoffOptions } from '../../link/backoff.js';
import type { Clock } from '../../time/clock.js';
import { type OutputChange, OutputError, OutputErrorCodes, type OutputPort } from '../outputs/port.js';
import type { GpioOutputConfig } from './config.js';
import { type ResolvedLine, resolveLines } from './resolve-lines.js';
import { type GpioLogger, SupervisedTool, type ToolFault } from './supervised-tool.js';
import { setArgs } from './tool-args.js';
import { GpiodTools } from './tools.js';

export interface GpiodOutputsOptions {
  /** The chip's label; empty: any chip with the line names. */
  chip: string;
  outputs: readonly GpioOutputConfig[];
  clock: Clock;
  logger: GpioLogger;
  env?: NodeJS.ProcessEnv;
  backoff?: BackoffOptions;
  onFault?: (fault: ToolFault) => void;
}

interface Held {
  cfg: GpioOutputConfig;
  line: ResolvedLine;
  tool: SupervisedTool;
  on: boolean;
  /** Changes to this output run one after another. */
  queue: Promise<unknown>;
}

/**
 * Relays on GPIO lines through `gpioset`: one gpioset per output holds its line for as long as the
 * agent runs (1.6 `--mode=signal`, 2.x by default). A switch ends that gpioset and starts one with
 * the new level, and resolves once gpioinfo shows the new one holding the line; only that relay's
 * line is touched. A gpioset that dies (the line falls back to an input and the relay drops) is
 * reported and restarted with the level it should hold. stop() ends them all: the lines are
 * released and every relay drops.
 */
export class GpiodOutputs implements OutputPort {
  readonly name = 'gpiod';
  readonly outputs: readonly string[];
  private readonly tools: GpiodTools;
  private held = new Map<string, Held>();
  private readonly listeners = new Set<(change: OutputChange) => void>();

  constructor(private readonly o: GpiodOutputsOptions) {
    this.tools = new GpiodTools(o.env);
    this.outputs = o.outputs.map((x) => x.name);
  }

  /** Finds the lines (throws KTV_E_GPIO_LINE_MISSING / _BUSY naming the line) without holding them. */
  async check(): Promise<ResolvedLine[]> {
    const version = await this.tools.version();
    return resolveLines(
      this.tools,
      version,
      this.o.chip,
      this.o.outputs.map((x) => ({ role: x.name, line: x.line })),
    );
  }

  async start(): Promise<void> {
    if (this.held.size) return;
    const version = await this.tools.version();
    const lines = await resolveLines(
      this.tools,
      version,
      this.o.chip,
      this.o.outputs.map((x) => ({ role: x.name, line: x.line })),
    );
    const held = this.o.outputs.map((cfg, i): Held => {
      const line = lines[i] as ResolvedLine;
      const h: Held = {
        cfg,
        line,
        on: cfg.initial,
        queue: Promise.resolve(),
        tool: new SupervisedTool({
          tools: this.tools,
          version,
          line,
          tool: 'gpioset',
          args: () => setArgs(version.generation, line.chip, line.offset, h.on !== cfg.activeLow),
          logger: this.o.logger,
          clock: this.o.clock,
          backoff: this.o.backoff ?? { minMs: 250, maxMs: 10_000 },
          ...(this.o.onFault ? { onFault: this.o.onFault } : {}),
        }),
      };
      return h;
    });
    const results = await Promise.allSettled(held.map((h) => h.tool.start()));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await Promise.all(held.map((h) => h.tool.stop()));
      throw failed.reason;
    }
    this.held = new Map(held.map((h) => [h.cfg.name, h]));
    for (const h of held) this.emit(h.cfg.name, h.on);
  }

  set(output: string, on: boolean): Promise<void> {
    if (!this.outputs.includes(output)) {
      return Promise.reject(
        new OutputError(OutputErrorCodes.UNKNOWN, `no output "${output}" (have: ${this.outputs.join(', ')})`),
      );
    }
    const h = this.held.get(output);
    if (!h) return Promise.reject(new OutputError(OutputErrorCodes.NOT_RUNNING, `outputs not started (set ${output})`));
    const run = h.queue.then(async () => {
      if (h.on === on || this.held.get(output) !== h) return;
      const was = h.on;
      h.on = on;
      try {
        await h.tool.respawn();
      } catch (e) {
        h.on = was;
        throw new OutputError(
          OutputErrorCodes.IO,
          `switching ${output} (${h.line.line}): ${e instanceof Error ? e.message : String(e)}`,
          { cause: e },
        );
      }
      this.emit(output, on);
    });
    h.queue = run.catch(() => undefined);
    return run;
  }

  levels(): Readonly<Record<string, boolean>> {
    return Object.fromEntries(this.outputs.map((name) => [name, this.held.get(name)?.on ?? false]));
  }

  onChange(listener: (change: OutputChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async stop(): Promise<void> {
    const held = [...this.held.values()];
    this.held = new Map();
    await Promise.all(
      held.map(async (h) => {
        await h.queue;
        await h.tool.stop();
        if (h.on) this.emit(h.cfg.name, false);
      }),
    );
  }

  private emit(output: string, on: boolean): void {
    const change = { output, on, at: this.o.clock.now() };
    for (const l of this.listeners) l(change);
  }
}
