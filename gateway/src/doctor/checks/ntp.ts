import { execFile } from 'node:child_process';
import { type DoctorCheck, type DoctorOutcome, fault, ok, skip } from '@ktv/protocol';

export type TimedatectlResult = { ok: true; stdout: string } | { ok: false; detail: string };

/** Real: `timedatectl show` (systemd); fails where systemd is not running. */
export function runTimedatectl(signal: AbortSignal): Promise<TimedatectlResult> {
  return new Promise((resolve) => {
    execFile('timedatectl', ['show'], { signal, timeout: 5000 }, (error, stdout, stderr) => {
      if (error) resolve({ ok: false, detail: (stderr.trim().split('\n')[0] ?? '') || error.message });
      else resolve({ ok: true, stdout });
    });
  });
}

/** Reads `NTPSynchronized=yes|no` from `timedatectl show` output. Pure. */
export function ntpOutcome(result: TimedatectlResult): DoctorOutcome {
  if (!result.ok) return skip('doctor.skip.noTimedatectl', {}, result.detail);
  const props = new Map(
    result.stdout
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const),
  );
  const synced = props.get('NTPSynchronized');
  if (synced === undefined) return skip('doctor.skip.noTimedatectl', {}, 'no NTPSynchronized in timedatectl show');
  const detail = `NTP=${props.get('NTP') ?? '?'} NTPSynchronized=${synced}`;
  return synced === 'yes' ? ok('doctor.ok.ntp', {}, detail) : fault('D212', {}, detail);
}

export function ntpCheck(run: (signal: AbortSignal) => Promise<TimedatectlResult> = runTimedatectl): DoctorCheck {
  return {
    name: 'ntp',
    title: 'doctor.check.ntp',
    timeoutMs: 8000,
    failCode: 'D212',
    run: async (signal) => ntpOutcome(await run(signal)),
  };
}
