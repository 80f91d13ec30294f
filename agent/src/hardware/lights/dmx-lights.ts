import { execFile } from 'node:child_process';
import { constants, type FileHandle, open } from 'node:fs/promises';
import type { Clock } from '../../time/clock.js';
import { checkLayout, type DmxLayout, fullLook, universeFor } from './channel-map.js';
import { enttecDmxMessage } from './enttec-pro.js';
import { type ChannelLevels, LightError, LightErrorCodes, type LightPort, type ShowResult } from './port.js';

export interface DmxLightsOptions {
  /** The USB serial adapter: `/dev/ttyUSB0`, or better a stable `/dev/serial/by-id/...` link. */
  port: string;
  layout: DmxLayout;
  clock: Clock;
  /** Serial speed set with stty (the DMX USB Pro ignores it: USB; a UART-attached controller may not). */
  baud?: number;
  /** PATH for stty (tests). */
  env?: NodeJS.ProcessEnv;
}

/**
 * A DMX512 light controller on a USB serial adapter, spoken to in the Enttec DMX USB Pro widget
 * protocol (see enttec-pro.ts for why: a plain tty write cannot make the DMX break; the widget
 * and the KTV light controllers that copy its protocol make the break, the mark-after-break and the
 * frame timing themselves, and repeat the last frame). The tty is put in raw mode with stty first
 * (a cooked tty would turn 0x0A into 0x0D 0x0A and eat 0x03/0x1A). Looks go out in order, one
 * widget message each.
 */
export class DmxLights implements LightPort {
  readonly name = 'dmx';
  readonly channels: readonly string[];
  private fd: FileHandle | undefined;
  private current: Record<string, number>;
  private queue: Promise<unknown> = Promise.resolve();
  /** Widget messages written, for diagnostics. */
  framesSent = 0;

  constructor(private readonly o: DmxLightsOptions) {
    checkLayout(o.layout);
    this.channels = Object.keys(o.layout.channels);
    this.current = fullLook(this.channels, {});
  }

  async start(): Promise<void> {
    if (this.fd) return;
    await this.raw();
    try {
      this.fd = await open(this.o.port, constants.O_WRONLY | constants.O_NOCTTY);
    } catch (e) {
      throw new LightError(LightErrorCodes.IO, `cannot open the DMX adapter ${this.o.port}: ${(e as Error).message}`, {
        cause: e,
      });
    }
    await this.show({});
  }

  show(levels: ChannelLevels): Promise<ShowResult> {
    const fd = this.fd;
    if (!fd) return Promise.reject(new LightError(LightErrorCodes.NOT_RUNNING, 'lights not started'));
    let prepared: { slots: Uint8Array; ignored: string[] };
    try {
      prepared = universeFor(this.o.layout, levels);
    } catch (e) {
      return Promise.reject(e);
    }
    const message = enttecDmxMessage(prepared.slots);
    const run = this.queue.then(async () => {
      try {
        await fd.write(message);
      } catch (e) {
        throw new LightError(LightErrorCodes.IO, `writing to the DMX adapter ${this.o.port}: ${(e as Error).message}`, {
          cause: e,
        });
      }
      this.framesSent++;
      this.current = fullLook(this.channels, levels);
      return { ignored: prepared.ignored };
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  levels(): ChannelLevels {
    return { ...this.current };
  }

  async stop(): Promise<void> {
    const fd = this.fd;
    this.fd = undefined;
    if (!fd) return;
    await this.queue;
    await fd.close();
  }

  private raw(): Promise<void> {
    const args = ['-F', this.o.port, 'raw', '-echo', '-onlcr', '-opost', String(this.o.baud ?? 115200)];
    return new Promise((resolve, reject) => {
      execFile('stty', args, { env: this.o.env ?? process.env }, (err, _out, stderr) => {
        if (err) {
          reject(
            new LightError(
              LightErrorCodes.IO,
              `cannot set up the DMX adapter ${this.o.port}: ${stderr.trim() || err.message}`,
              { cause: err },
            ),
          );
        } else resolve();
      });
    });
  }
}
