import type { ChildProcess } from 'node:child_process';

// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/**
 * A VM's serial console on a child's stdin/stdout (qemu -nographic): waits for text and runs shell
 * commands, each ended by a marker the shell prints (typed as __E''ND_n__, printed as __END_n__,
 * so the echo of the typed line never matches).
 */
export class SerialConsole {
  private text = '';
  private readonly waiters = new Set<() => void>();
  private commands = 0;

  constructor(
    private readonly child: ChildProcess,
    log?: (chunk: string) => void,
  ) {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      // Colours and cursor moves out, so "Started ktv-agent.service" reads as it looks.
      this.text += chunk.replace(ANSI, '');
      log?.(chunk);
      for (const w of this.waiters) w();
    });
  }

  get output(): string {
    return this.text;
  }

  /** Resolves with the match once the console output (from `from` on) matches. */
  waitFor(pattern: RegExp, timeoutMs: number, from = 0): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const m = pattern.exec(this.text.slice(from));
        if (!m) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        this.child.off('exit', onExit);
        resolve(m);
      };
      const onExit = () => {
        this.waiters.delete(check);
        clearTimeout(timer);
        reject(new Error(`the VM stopped before ${pattern}; last output:\n${this.text.slice(-3000)}`));
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        this.child.off('exit', onExit);
        reject(
          new Error(`timed out after ${timeoutMs} ms waiting for ${pattern}; last output:\n${this.text.slice(-3000)}`),
        );
      }, timeoutMs);
      this.waiters.add(check);
      this.child.once('exit', onExit);
      check();
    });
  }

  /** Types a shell command and answers what it printed. */
  async run(command: string, timeoutMs = 60_000): Promise<string> {
    const n = ++this.commands;
    const from = this.text.length;
    this.child.stdin?.write(`${command}; echo __E''ND_${n}__\n`);
    const m = await this.waitFor(new RegExp(`\\r?\\n([\\s\\S]*?)__END_${n}__`), timeoutMs, from);
    // Drop the echoed command line itself.
    const lines = (m[1] ?? '').split(/\r?\n/);
    return lines.filter((l) => !l.includes(`__E''ND_${n}__`)).join('\n');
  }
}
