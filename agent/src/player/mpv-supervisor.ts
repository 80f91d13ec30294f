import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { type Clock, systemClock } from '../time/clock.js';
import { MpvError } from './mpv-error.js';
import { MpvIpcClient } from './mpv-ipc.js';
import { preparePrivateSocket } from './private-socket.js';

export interface MpvSupervisorOptions {
  /** The agent's data folder; the socket lives in DATA/mpv/ (mode 0700). */
  dataDir: string;
  mpvPath?: string;
  /** e.g. `['--vo=null', '--ao=null']` in tests, `['--fullscreen', '--vo=gpu']` on a room box. */
  extraArgs?: readonly string[];
  clock?: Clock;
  /** How long mpv may take until its socket accepts (ms). */
  startTimeoutMs?: number;
  /** First restart delay, doubled per failed attempt up to maxRestartDelayMs. */
  restartDelayMs?: number;
  maxRestartDelayMs?: number;
  /** After running this long, the next crash restarts with the first delay again. */
  stableAfterMs?: number;
  requestTimeoutMs?: number;
}

export interface MpvSupervisorEvents {
  /** A new mpv is up after a crash; the player should reload its song. */
  restarted: [client: MpvIpcClient];
  /** mpv exited without being asked to. */
  exited: [info: { code: number | null; signal: NodeJS.Signals | null }];
  /** A restart attempt failed; another is scheduled. */
  restartFailed: [error: Error];
}

/**
 * osc-idlescreen=no: a room box that keeps its window while idle (`--force-window=yes`, so that the
 * welcome screen shows over nothing) shows black there, not mpv's "Drop files" logo.
 */
const BASE_ARGS = [
  '--idle=yes',
  '--no-terminal',
  '--keep-open=no',
  '--force-window=no',
  '--script-opts-append=osc-idlescreen=no',
];

/**
 * Runs mpv with a private IPC socket, waits until it accepts, restarts it with backoff when it
 * dies and stops it cleanly (quit, then SIGTERM, then SIGKILL).
 */
export class MpvSupervisor extends EventEmitter<MpvSupervisorEvents> {
  private child: ChildProcess | null = null;
  private currentClient: MpvIpcClient | null = null;
  private stopping = false;
  private attempt = 0;
  private startedAt = 0;
  private cancelRestart: (() => void) | null = null;
  private socketPath = '';
  private readonly clock: Clock;

  constructor(private readonly options: MpvSupervisorOptions) {
    super();
    this.clock = options.clock ?? systemClock;
  }

  get client(): MpvIpcClient | null {
    return this.currentClient;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get ipcPath(): string {
    return this.socketPath;
  }

  /** Starts mpv and resolves with a connected client. */
  async start(): Promise<MpvIpcClient> {
    this.stopping = false;
    this.socketPath = await preparePrivateSocket(this.options.dataDir);
    return this.launch();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.cancelRestart?.();
    this.cancelRestart = null;
    const child = this.child;
    const client = this.currentClient;
    this.currentClient = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      client?.close();
      return;
    }
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    if (client && !client.closed) client.command(['quit'], 500).catch(() => undefined);
    if (!(await this.within(exited, 1000))) {
      child.kill('SIGTERM');
      if (!(await this.within(exited, 1000))) {
        child.kill('SIGKILL');
        await exited;
      }
    }
    client?.close();
  }

  private async launch(): Promise<MpvIpcClient> {
    const args = [...BASE_ARGS, `--input-ipc-server=${this.socketPath}`, ...(this.options.extraArgs ?? [])];
    // Its own process group: a Ctrl-C in the agent's terminal is the agent's to handle (it stops
    // mpv itself), not a crash for the supervisor to repair.
    const child = spawn(this.options.mpvPath ?? 'mpv', args, { stdio: 'ignore', detached: true });
    this.child = child;
    const exited = new Promise<string>((resolve) => {
      child.once('error', (err) => resolve(`could not run mpv: ${err.message}`));
      child.once('exit', (code, signal) =>
        resolve(`mpv exited (code ${code}, signal ${signal}) before its IPC was up`),
      );
    });
    let client: MpvIpcClient;
    try {
      client = await this.connectWhenReady(exited);
    } catch (err) {
      child.kill('SIGKILL');
      throw err;
    }
    this.startedAt = this.clock.now();
    this.currentClient = client;
    child.once('exit', (code, signal) => this.onExit(child, code, signal));
    // mpv alive but its IPC gone: kill it so that it restarts cleanly.
    client.onClose(() => {
      if (!this.stopping && this.child === child && child.exitCode === null) child.kill('SIGKILL');
    });
    return client;
  }

  /** Tries to connect every 10 ms until mpv's socket accepts, mpv dies or the time is up. */
  private async connectWhenReady(exited: Promise<string>): Promise<MpvIpcClient> {
    const deadline = this.clock.now() + (this.options.startTimeoutMs ?? 5000);
    let died: string | null = null;
    void exited.then((why) => {
      died = why;
    });
    const clientOptions = { clock: this.clock, requestTimeoutMs: this.options.requestTimeoutMs ?? 3000 };
    for (;;) {
      if (died) throw new MpvError('KTV_E_MPV_CONNECT', died);
      try {
        return await MpvIpcClient.connect(this.socketPath, clientOptions);
      } catch (err) {
        if (this.clock.now() >= deadline) {
          throw new MpvError('KTV_E_MPV_CONNECT', `mpv IPC not ready in time: ${(err as Error).message}`);
        }
      }
      await new Promise<void>((resolve) => this.clock.setTimeout(resolve, 10));
    }
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.currentClient?.close();
    this.currentClient = null;
    if (this.stopping) return;
    this.emit('exited', { code, signal });
    if (this.clock.now() - this.startedAt >= (this.options.stableAfterMs ?? 10_000)) this.attempt = 0;
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    const first = this.options.restartDelayMs ?? 100;
    const delay = Math.min(first * 2 ** this.attempt, this.options.maxRestartDelayMs ?? 5000);
    this.attempt++;
    this.cancelRestart = this.clock.setTimeout(() => {
      this.cancelRestart = null;
      if (this.stopping) return;
      this.launch().then(
        (client) => {
          if (this.stopping) return;
          this.emit('restarted', client);
        },
        (err: Error) => {
          if (this.stopping) return;
          this.emit('restartFailed', err);
          this.scheduleRestart();
        },
      );
    }, delay);
  }

  private within(p: Promise<void>, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const cancel = this.clock.setTimeout(() => resolve(false), ms);
      p.then(() => {
        cancel();
        resolve(true);
      });
    });
  }
}
