import { execFile } from 'node:child_process';
import { hasPlaybackSwitch, type MixerReading, parseAmixerOutput, rawForPercent } from './amixer-output.js';
import { AmpError, AmpErrorCodes, type AmpPort, checkLevel, type ProbeResult } from './port.js';

export interface AlsaAmpOptions {
  /** `-c` argument: card index or name (`0`, `Headphones`, `vc4hdmi0`). */
  card: string;
  musicControl: string;
  /** null: no microphone level on this mixer. */
  micControl: string | null;
  /** Environment for amixer (PATH decides which amixer runs); default process.env. */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/**
 * The ALSA mixer through `amixer` (alsa-utils): `amixer -c CARD sset CONTROL 60%`, `... mute`,
 * `... unmute`. Percentages are amixer's default raw mapping (-R: linear in the control's raw
 * steps; on codecs with dB-linear steps that is an audio taper). Every command's output is parsed
 * and checked against what was asked; a control without a playback switch is muted at 0%.
 */
export function createAlsaAmp(options: AlsaAmpOptions): AmpPort {
  const { card, musicControl, micControl } = options;
  let closed = false;
  let level = 0;
  let muted = false;
  /** null until the music control's capabilities are known. */
  let musicHasSwitch: boolean | null = null;

  function amixer(args: string[]): Promise<string> {
    if (closed) return Promise.reject(new AmpError(AmpErrorCodes.CLOSED, 'the amp port is closed'));
    const full = ['-c', card, ...args];
    return new Promise((resolve, reject) => {
      execFile(
        'amixer',
        full,
        { env: options.env ?? process.env, timeout: options.timeoutMs ?? 5000 },
        (err, stdout, stderr) => {
          if (!err) return resolve(stdout);
          const code = (err as NodeJS.ErrnoException).code;
          const why =
            code === 'ENOENT'
              ? 'amixer not found on PATH (Debian package alsa-utils)'
              : (String(stderr).trim().split('\n')[0] ?? '') || err.message;
          reject(new AmpError(AmpErrorCodes.IO, `amixer ${full.join(' ')}: ${why}`, { cause: err }));
        },
      );
    });
  }

  function read(out: string, control: string, args: string[]): MixerReading {
    const r = parseAmixerOutput(out);
    if (!r)
      throw new AmpError(AmpErrorCodes.IO, `amixer -c ${card} ${args.join(' ')}: unexpected output for '${control}'`);
    return r;
  }

  async function setPercent(control: string, percent: number): Promise<MixerReading> {
    const args = ['sset', control, `${percent}%`];
    const r = read(await amixer(args), control, args);
    const volumes = r.channels.filter((c) => c.raw !== null);
    const wrong = volumes.find((c) => {
      const limits = r.limits[c.direction];
      return limits !== undefined && Math.abs((c.raw ?? 0) - rawForPercent(percent, limits)) > 1;
    });
    if (volumes.length === 0 || wrong) {
      const got = wrong ? `${wrong.channel} ${wrong.direction} at ${wrong.percent}%` : 'no volume';
      throw new AmpError(
        AmpErrorCodes.IO,
        `ALSA '${control}' on card ${card}: asked ${percent}%, amixer reports ${got}`,
      );
    }
    musicHasSwitch = control === musicControl ? hasPlaybackSwitch(r) : musicHasSwitch;
    return r;
  }

  async function setSwitch(on: boolean): Promise<void> {
    const args = ['sset', musicControl, on ? 'unmute' : 'mute'];
    const r = read(await amixer(args), musicControl, args);
    musicHasSwitch = hasPlaybackSwitch(r);
    if (!musicHasSwitch) return;
    const wrong = r.channels.find((c) => c.direction === 'Playback' && c.on !== null && c.on !== on);
    if (wrong)
      throw new AmpError(
        AmpErrorCodes.IO,
        `ALSA '${musicControl}': asked ${on ? 'unmute' : 'mute'}, ${wrong.channel} is ${wrong.on ? 'on' : 'off'}`,
      );
  }

  async function probeControl(control: string): Promise<string> {
    const args = ['sget', control];
    const r = read(await amixer(args), control, args);
    const first = r.channels[0];
    const limits = Object.entries(r.limits)
      .map(([d, l]) => `${d} ${l.min} - ${l.max}`)
      .join(', ');
    return `'${control}' (${limits || 'switch only'}${first?.percent != null ? `, now ${first.percent}%` : ''}${first?.on != null ? ` [${first.on ? 'on' : 'off'}]` : ''})`;
  }

  return {
    name: 'alsa',
    hasMic: micControl !== null,
    async setMusicLevel(l) {
      checkLevel(l, 'music');
      // With a switch the volume can change while muted; without one, 0% is the mute.
      if (!muted || musicHasSwitch !== false) await setPercent(musicControl, l);
      level = l;
    },
    async setMicLevel(l) {
      checkLevel(l, 'mic');
      if (micControl === null) throw new AmpError(AmpErrorCodes.UNSUPPORTED, 'no ALSA microphone control configured');
      await setPercent(micControl, l);
    },
    async setMuted(m) {
      if (musicHasSwitch === null) {
        const args = ['sget', musicControl];
        musicHasSwitch = hasPlaybackSwitch(read(await amixer(args), musicControl, args));
      }
      if (musicHasSwitch) await setSwitch(!m);
      else await setPercent(musicControl, m ? 0 : level);
      muted = m;
    },
    async probe(): Promise<ProbeResult> {
      try {
        const parts = [await probeControl(musicControl)];
        if (micControl !== null) parts.push(await probeControl(micControl));
        return { ok: true, message: `ALSA card ${card}: ${parts.join('; ')}` };
      } catch (e) {
        return { ok: false, message: `ALSA: ${e instanceof Error ? e.message : String(e)}` };
      }
    },
    async close() {
      closed = true;
    },
  };
}
