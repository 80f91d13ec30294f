import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** One JSON log line as pino writes it. */
export type LogLine = { msg?: string; level?: number } & Record<string, unknown>;

export interface RunningProgram {
  readonly name: string;
  readonly child: ChildProcess;
  readonly logs: LogLine[];
  /** Every line that was not JSON (stderr and stray stdout), for error messages. */
  readonly text: string[];
  /** Resolves with the first log line (past or future) that matches. */
  waitForLog(match: string | ((line: LogLine) => boolean), timeoutMs?: number): Promise<LogLine>;
  /** Resolves with the exit code (or the signal name) once the process has ended. */
  readonly exited: Promise<number | string>;
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

/** Starts a node program and follows its JSON log lines. */
export function startProgram(
  name: string,
  script: string,
  args: string[],
  options: {
    env?: NodeJS.ProcessEnv;
    echo?: boolean;
    onLog?: (line: LogLine) => void;
    /** Its own process group, so a terminal's Ctrl-C reaches only the parent, which stops it. */
    detached?: boolean;
    /** Runs this command (e.g. a release executable, or qemu and one) with args instead of `node script`. */
    command?: readonly string[];
  } = {},
): RunningProgram {
  const [file, ...prefix] = options.command ?? [process.execPath, script];
  // KTV_TEST_ECHO=1 echoes every program's output to stderr while a test runs (for a failure that
  // will not come back when watched closely).
  const echo = options.echo ?? process.env.KTV_TEST_ECHO === '1';
  const child = spawn(file ?? process.execPath, [...prefix, ...args], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  const logs: LogLine[] = [];
  const text: string[] = [];
  const waiters = new Set<{ test: (l: LogLine) => boolean; resolve: (l: LogLine) => void }>();

  const onLine = (line: string) => {
    if (echo) process.stderr.write(`[${name}] ${line}\n`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      text.push(line);
      return;
    }
    if (typeof parsed !== 'object' || parsed === null) {
      text.push(line);
      return;
    }
    const log = parsed as LogLine;
    logs.push(log);
    options.onLog?.(log);
    for (const w of waiters) {
      if (w.test(log)) {
        waiters.delete(w);
        w.resolve(log);
      }
    }
  };
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', onLine);
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (l) => {
    if (echo) process.stderr.write(`[${name}!] ${l}\n`);
    text.push(l);
  });

  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });

  const describe = () =>
    `${name} output so far:\n${[...logs.slice(-15).map((l) => JSON.stringify(l)), ...text.slice(-15)].join('\n')}`;

  return {
    name,
    child,
    logs,
    text,
    exited,
    waitForLog(match, timeoutMs = 15_000) {
      const test = typeof match === 'string' ? (l: LogLine) => l.msg === match : match;
      const found = logs.find(test);
      if (found) return Promise.resolve(found);
      return new Promise<LogLine>((resolve, reject) => {
        const waiter = {
          test,
          resolve: (l: LogLine) => {
            clearTimeout(timer);
            resolve(l);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for a log line in ${describe()}`));
        }, timeoutMs);
        waiters.add(waiter);
        void exited.then((code) => {
          if (!waiters.has(waiter)) return;
          waiters.delete(waiter);
          clearTimeout(timer);
          reject(new Error(`${name} exited (${code}) before the expected log line. ${describe()}`));
        });
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs a program to its end and returns its exit code and output. */
export function runProgram(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
