import { type Lang, type MessageKey, translate } from '../i18n/messages.js';
import type { DoctorFaultCode } from './faults.js';
import type { DoctorReport, DoctorResult } from './report.js';

export type DoctorParams = Record<string, string | number>;

/** What one check found, before it is put into words. */
export type DoctorOutcome =
  | { status: 'ok'; key: MessageKey; params?: DoctorParams; detail?: string }
  | { status: 'skip'; key: MessageKey; params?: DoctorParams; detail?: string }
  | { status: 'fault'; code: DoctorFaultCode; params?: DoctorParams; detail?: string };

/**
 * One check: its dependencies are bound when the list is built (real or simulated), so a check
 * is `(signal) => Promise<DoctorOutcome>`. It must stop its work (kill a child, close a socket)
 * when `signal` aborts.
 */
export interface DoctorCheck {
  name: string;
  title: MessageKey;
  timeoutMs: number;
  /** The fault reported when the check runs out of time or throws. */
  failCode: DoctorFaultCode;
  run(signal: AbortSignal): Promise<DoctorOutcome>;
}

export const ok = (key: MessageKey, params?: DoctorParams, detail?: string): DoctorOutcome => ({
  status: 'ok',
  key,
  ...(params ? { params } : {}),
  ...(detail !== undefined ? { detail } : {}),
});

export const skip = (key: MessageKey, params?: DoctorParams, detail?: string): DoctorOutcome => ({
  status: 'skip',
  key,
  ...(params ? { params } : {}),
  ...(detail !== undefined ? { detail } : {}),
});

export const fault = (code: DoctorFaultCode, params?: DoctorParams, detail?: string): DoctorOutcome => ({
  status: 'fault',
  code,
  ...(params ? { params } : {}),
  ...(detail !== undefined ? { detail } : {}),
});

/** The first line of an error's message (errno text, a tool's complaint). */
export const errorDetail = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';

class CheckTimeout extends Error {}

/** Runs `check` with its time limit: a check that hangs is aborted and reported as its fault. */
export async function runCheck(
  check: DoctorCheck,
  now: () => number = Date.now,
): Promise<{ outcome: DoctorOutcome; ms: number }> {
  const started = now();
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(new CheckTimeout(`no answer within ${check.timeoutMs} ms`));
      reject(new CheckTimeout(`no answer within ${check.timeoutMs} ms`));
    }, check.timeoutMs);
  });
  let outcome: DoctorOutcome;
  try {
    outcome = await Promise.race([check.run(controller.signal), timeout]);
  } catch (e) {
    outcome = fault(check.failCode, {}, errorDetail(e));
  } finally {
    clearTimeout(timer);
  }
  return { outcome, ms: Math.max(0, Math.round(now() - started)) };
}

/** Puts an outcome into words. */
export function describeOutcome(
  check: Pick<DoctorCheck, 'name' | 'title'>,
  outcome: DoctorOutcome,
  ms: number,
  lang: Lang,
): DoctorResult {
  const params = outcome.params ?? {};
  const base = {
    check: check.name,
    status: outcome.status,
    title: translate(lang, check.title),
    ...(outcome.detail !== undefined && outcome.detail !== '' ? { detail: outcome.detail } : {}),
    ms,
  };
  if (outcome.status !== 'fault') return { ...base, message: translate(lang, outcome.key, params) };
  return {
    ...base,
    code: outcome.code,
    message: translate(lang, `doctor.fault.${outcome.code}`, params),
    fix: translate(lang, `doctor.fix.${outcome.code}`, params),
  };
}

/** Runs the checks one after another (they share the network, the sound card, the disk). */
export async function runDoctor(
  program: DoctorReport['program'],
  version: string,
  checks: readonly DoctorCheck[],
  lang: Lang,
  onResult?: (result: DoctorResult) => void,
): Promise<DoctorReport> {
  const results: DoctorResult[] = [];
  for (const check of checks) {
    const { outcome, ms } = await runCheck(check);
    const result = describeOutcome(check, outcome, ms, lang);
    results.push(result);
    onResult?.(result);
  }
  const faults = results.flatMap((r) => (r.code ? [r.code] : []));
  return { program, version, lang, ok: faults.length === 0, faults, results };
}

/** The report as a technician reads it on a terminal, one check per line, faults with their fix. */
export function formatResult(result: DoctorResult, lang: Lang): string {
  const mark = translate(lang, `doctor.status.${result.status}`);
  const code = result.code ? ` ${result.code}` : '';
  const lines = [`[${mark}${code}] ${result.title}: ${result.message}`];
  if (result.detail) lines.push(`    ${translate(lang, 'doctor.label.detail')}: ${result.detail}`);
  if (result.fix) lines.push(`    ${translate(lang, 'doctor.label.fix')}: ${result.fix}`);
  return `${lines.join('\n')}\n`;
}

export function formatSummary(report: DoctorReport, lang: Lang): string {
  const count = (s: DoctorResult['status']) => report.results.filter((r) => r.status === s).length;
  const params = { ok: count('ok'), faults: count('fault'), skipped: count('skip'), codes: report.faults.join(', ') };
  return `${translate(lang, report.ok ? 'doctor.summary.ok' : 'doctor.summary.faults', params)}\n`;
}
