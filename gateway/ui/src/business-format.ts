/** How the front desk reads money and time: one helper each, used by every business screen. */

/** ¥12.80 from integer fen (the only money format on the admin page and the receipt). */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.round(fen));
  return `${sign}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "h:mm:ss" for a duration in ms (negative counts as 0). */
export function hms(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${Math.floor(s / 3600)}:${mm}:${ss}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "21:05" local time. */
export function hhmm(at: number): string {
  const d = new Date(at);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "2026-11-23 21:05" local time. */
export function dateTime(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hhmm(at)}`;
}

/** Minutes of a bill line: whole minutes as given, else from seconds (one decimal when not whole). */
export function lineMinutes(minutes: number | undefined, seconds: number | undefined): number | undefined {
  if (minutes !== undefined) return minutes;
  if (seconds === undefined) return undefined;
  return Math.round((seconds / 60) * 10) / 10;
}
