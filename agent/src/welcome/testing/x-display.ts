import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A headless X server (Debian's xvfb) standing in for the room's TV, and its screen as grey pixels. */
export interface XDisplay {
  /** `:N`, for DISPLAY. */
  display: string;
  width: number;
  height: number;
  /** The whole screen now, 8-bit grey, row-major (ffmpeg x11grab, without the pointer). */
  grab(): Promise<Buffer>;
  stop(): Promise<void>;
}

/**
 * Starts Xvfb on a display number it picks itself (`-displayfd`: it writes the number once it
 * accepts clients, so there is nothing to poll).
 */
export async function startXvfb(width: number, height: number, timeoutMs = 10_000): Promise<XDisplay> {
  const child = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const fd3 = child.stdio[3];
  if (!fd3 || !('on' in fd3)) throw new Error('Xvfb: no display pipe');
  const display = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Xvfb did not report a display within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    fd3.on('data', (d: Buffer) => {
      text += d.toString();
      const m = /^(\d+)\n/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve(`:${m[1]}`);
      }
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`could not run Xvfb (Debian package xvfb): ${e.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (${code}): ${stderr}`));
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    display,
    width,
    height,
    async grab() {
      const { stdout } = await run(
        'ffmpeg',
        [
          ...['-v', 'error', '-nostdin', '-f', 'x11grab', '-draw_mouse', '0'],
          ...['-video_size', `${width}x${height}`, '-i', display],
          ...['-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'],
        ],
        { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 },
      );
      if (stdout.length !== width * height) throw new Error(`x11grab gave ${stdout.length} bytes`);
      return stdout;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
