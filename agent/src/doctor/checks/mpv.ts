import { spawn } from 'node:child_process';
import { type DoctorCheck, fault, ok, skip } from '@ktv/protocol';
import type { PlayerConfig } from '../../config/types.js';

/** The player's audio options (`--ao=…`, `--audio-device=…`, `--audio-…`): what the check opens. */
export function audioArgs(extraArgs: readonly string[]): string[] {
  return extraArgs.filter((a) => a.startsWith('--ao') || a.startsWith('--audio'));
}

/** The audio output the args ask for (the last `--ao=`), or `default`. Pure. */
export function audioOutputName(args: readonly string[]): string {
  const ao = args.filter((a) => a.startsWith('--ao=')).at(-1);
  return ao === undefined ? 'default' : ao.slice('--ao='.length);
}

export type MpvVerdict = { ok: true } | { ok: false; cause: 'start' | 'audio'; detail: string };

/**
 * Reads what mpv said about a short silent tone: an audio output that failed to open is named
 * by mpv ("Could not open/initialize audio device"), with the driver's reason on the lines
 * before. Pure.
 */
export function mpvVerdict(exitCode: number | null, output: string): MpvVerdict {
  const lines = output.split('\n').map((l) => l.trim());
  const failed = lines.findIndex((l) => l.includes('Could not open/initialize audio device'));
  if (failed !== -1) {
    const reason = lines
      .slice(0, failed)
      .filter((l) => /error|not found|failed/i.test(l))
      .at(-1);
    return { ok: false, cause: 'audio', detail: reason ?? lines[failed] ?? '' };
  }
  if (exitCode !== 0) {
    const last = lines.filter((l) => l !== '').at(-1) ?? '';
    return { ok: false, cause: 'start', detail: `mpv exited with ${String(exitCode)}${last ? `: ${last}` : ''}` };
  }
  return { ok: true };
}

/** Silence at 440 Hz for 0.3 s, from mpv's own lavfi source: nothing to read from the disk. */
const TONE = 'av://lavfi:sine=frequency=440:duration=0.3';

/**
 * Starts the configured mpv with the player's audio options and a short silent tone (volume 0):
 * mpv must start and open its audio output. The child is killed when the check is aborted.
 */
export function mpvCheck(player: PlayerConfig, timeoutMs = 10_000): DoctorCheck {
  return {
    name: 'mpv',
    title: 'doctor.check.mpv',
    timeoutMs,
    failCode: 'D105',
    async run(signal) {
      const path = player.mpvPath;
      const audio = audioArgs(player.extraArgs);
      const ao = audioOutputName(audio);
      if (player.driver === 'sim') return skip('doctor.skip.simPlayer');
      const args = [
        '--no-input-terminal',
        '--idle=no',
        '--vo=null',
        '--no-video',
        '--volume=0',
        '--msg-level=all=warn,ao=v',
        ...audio,
        TONE,
      ];
      const result = await new Promise<{ code: number | null; output: string } | { error: Error }>((resolve) => {
        const child = spawn(path, args, { stdio: ['ignore', 'pipe', 'pipe'], signal, killSignal: 'SIGKILL' });
        let output = '';
        child.stdout.on('data', (d: Buffer) => (output += d.toString()));
        child.stderr.on('data', (d: Buffer) => (output += d.toString()));
        child.once('error', (error) => resolve({ error }));
        child.once('close', (code) => resolve({ code, output }));
      });
      if ('error' in result) return fault('D105', { path }, result.error.message);
      const verdict = mpvVerdict(result.code, result.output);
      if (verdict.ok) return ok('doctor.ok.mpv', { ao });
      return verdict.cause === 'audio'
        ? fault('D106', { ao }, verdict.detail)
        : fault('D105', { path }, verdict.detail);
    },
  };
}
