import { execFile } from 'node:child_process';
import { type CecAdapterInfo, parseDriverInfo, parseTransmit } from './cec-output.js';
import { TvError, TvErrorCodes, type TvPort, type TvPowerStatus } from './port.js';

export interface CecTvOptions {
  /** The CEC adapter: `/dev/cec0` (the Pi's HDMI 0), `/dev/cec1`. */
  device: string;
  /** The name the TV shows for the room box (up to 14 characters). */
  osdName: string;
  env?: NodeJS.ProcessEnv;
  /** One cec-ctl run (a CEC message with retries takes well under a second). */
  timeoutMs?: number;
}

const POWER: Record<string, TvPowerStatus> = {
  on: 'on',
  standby: 'standby',
  'to-on': 'toOn',
  'to-standby': 'toStandby',
};

/**
 * The TV over HDMI-CEC with v4l-utils' `cec-ctl`: start() claims a Playback logical address
 * (`--playback -o NAME`, which also tells the room box's physical address), power on is Image
 * View On to the TV (logical address 0), off is Standby, the input is Active Source with our
 * physical address (broadcast), the status is Give Device Power Status. cec-ctl exits 0 even when
 * the TV did not acknowledge, so every answer is read: a NACK is KTV_E_TV_NO_ACK.
 */
export class CecTv implements TvPort {
  readonly name = 'cec';
  private info: CecAdapterInfo | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: CecTvOptions) {}

  get physicalAddress(): string | undefined {
    return this.info?.physicalAddress;
  }

  async start(): Promise<void> {
    // The OSD name is up to 14 ASCII characters (CEC 1.4 Set OSD Name): 包厢 101 KTV -> "101 KTV".
    const osd =
      this.o.osdName
        .replace(/[^\x20-\x7e]/g, '')
        .trim()
        .slice(0, 14) || 'KTV';
    const text = await this.run(['--playback', '-o', osd], 'claiming a logical address');
    const info = parseDriverInfo(text);
    if (!info || info.logicalAddress === null) {
      throw new TvError(
        TvErrorCodes.IO,
        `cec-ctl on ${this.o.device} claimed no logical address: ${text.trim().slice(0, 300)}`,
      );
    }
    this.info = info;
  }

  setPower(on: boolean): Promise<void> {
    return this.send(['--to', '0', on ? '--image-view-on' : '--standby'], on ? 'Image View On' : 'Standby').then(
      () => undefined,
    );
  }

  selectInput(): Promise<void> {
    const pa = this.info?.physicalAddress;
    if (!pa) return Promise.reject(new TvError(TvErrorCodes.NOT_RUNNING, 'TV port not started (Active Source)'));
    return this.send(['--active-source', `phys-addr=${pa}`], 'Active Source').then(() => undefined);
  }

  async powerStatus(): Promise<TvPowerStatus> {
    if (!this.info) return 'unknown';
    try {
      const t = await this.send(['--to', '0', '--give-device-power-status'], 'Give Device Power Status');
      return POWER[t.reply?.fields['pwr-state'] ?? ''] ?? 'unknown';
    } catch {
      return 'unknown';
    }
  }

  async stop(): Promise<void> {
    await this.queue;
    this.info = undefined;
  }

  private send(args: string[], what: string) {
    if (!this.info) return Promise.reject(new TvError(TvErrorCodes.NOT_RUNNING, `TV port not started (${what})`));
    const run = this.queue.then(async () => {
      const t = parseTransmit(await this.run(['-s', ...args], what));
      if (!t.sent)
        throw new TvError(TvErrorCodes.IO, `cec-ctl sent no ${what} on ${this.o.device} (no logical address claimed?)`);
      if (!t.acked) throw new TvError(TvErrorCodes.NO_ACK, `the TV did not acknowledge ${what} (${t.status ?? ''})`);
      return t;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private run(args: string[], what: string): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile(
        'cec-ctl',
        ['-d', this.o.device, ...args],
        { env: this.o.env ?? process.env, timeout: this.o.timeoutMs ?? 10_000, encoding: 'utf8' },
        (err, stdout, stderr) => {
          if (err) {
            const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
            reject(
              new TvError(
                TvErrorCodes.IO,
                missing
                  ? "cec-ctl not found: install Debian's v4l-utils package"
                  : `cec-ctl ${what} on ${this.o.device} failed: ${(stderr || stdout).trim() || err.message}`,
                { cause: err },
              ),
            );
          } else resolve(stdout);
        },
      );
    });
  }
}
