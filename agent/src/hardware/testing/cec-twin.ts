import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { installToolTwins } from './install-tools.js';

interface TvState {
  plugged: boolean;
  power: 'on' | 'standby' | 'to-on' | 'to-standby';
  activeSource: string | null;
}

/** The test's side of the cec-ctl twin: an adapter on /dev/cec0 (or none) and the TV behind it. */
export class CecTwin {
  private constructor(
    readonly dir: string,
    readonly env: NodeJS.ProcessEnv,
    private readonly file: string,
    readonly device: string,
  ) {}

  static async create(options: { physicalAddress?: string; device?: string } = {}): Promise<CecTwin> {
    const dir = await mkdtemp(join(tmpdir(), 'ktv-cec-twin-'));
    const device = options.device ?? '/dev/cec0';
    const file = join(dir, 'cec.json');
    writeFileSync(
      file,
      JSON.stringify({
        devices: {
          [device]: {
            physicalAddress: options.physicalAddress ?? '1.0.0.0',
            configured: false,
            osdName: '',
            seq: 0,
            tv: { plugged: true, power: 'standby', activeSource: null },
          },
        },
        calls: [],
      }),
    );
    await installToolTwins(join(dir, 'bin'), ['cec-ctl']);
    return new CecTwin(
      dir,
      { ...process.env, PATH: `${join(dir, 'bin')}${delimiter}${process.env.PATH ?? ''}`, KTV_CEC_WORLD: file },
      file,
      device,
    );
  }

  private read(): { devices: Record<string, { tv: TvState; configured: boolean }>; calls: string[][] } {
    return JSON.parse(readFileSync(this.file, 'utf8'));
  }

  private update(fn: (tv: TvState) => void): void {
    const w = this.read();
    const d = w.devices[this.device];
    if (d) fn(d.tv);
    writeFileSync(this.file, JSON.stringify(w));
  }

  get tv(): TvState {
    return this.read().devices[this.device]?.tv ?? { plugged: false, power: 'standby', activeSource: null };
  }

  get configured(): boolean {
    return this.read().devices[this.device]?.configured ?? false;
  }

  /** The TV finishes warming up (`to-on` becomes `on`). */
  warmUp(): void {
    this.update((tv) => {
      if (tv.power === 'to-on') tv.power = 'on';
    });
  }

  /** The TV's power cord: unplugged it acknowledges nothing; plugged back it is in standby. */
  setPlugged(plugged: boolean): void {
    this.update((tv) => {
      tv.plugged = plugged;
      if (!plugged) tv.power = 'standby';
    });
  }

  calls(): string[][] {
    return this.read().calls;
  }

  cleanup(): Promise<void> {
    return rm(this.dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  }
}
