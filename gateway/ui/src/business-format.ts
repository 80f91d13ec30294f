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

let zone: string | undefined;

/** The store's time zone (IANA, from the business settings when the gateway gives one); else the browser's. */
export function setTimeZone(timeZone: string | undefined): void {
  zone = timeZone;
}

function parts(at: number): Record<string, string> {
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(zone ? { timeZone: zone } : {}),
  };
  const out: Record<string, string> = {};
  for (const p of new Intl.DateTimeFormat('en-GB', options).formatToParts(new Date(at))) out[p.type] = p.value;
  return out;
}

/** The store's wall clock at `at`, read as if it were UTC (ms): the zone's offset is the difference. */
function wallAsUtc(at: number): number {
  const p = parts(at);
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
}

/**
 * The next moment (from an hour ago on) whose store-local time is hh:mm: what a front desk means
 * by "booked for 20:30". DST-safe (the offset is taken at the moment itself).
 */
export function nextStoreTime(now: number, hour: number, minute: number): number {
  const today = parts(now);
  for (let addDays = 0; addDays < 3; addDays++) {
    const wall = Date.UTC(Number(today.year), Number(today.month) - 1, Number(today.day) + addDays, hour, minute);
    let at = wall - (wallAsUtc(wall) - wall);
    at = wall - (wallAsUtc(at) - at);
    if (at >= now - 60 * 60_000) return at;
  }
  return now;
}

/** "21:05" in the store's time. */
export function hhmm(at: number): string {
  const p = parts(at);
  return `${p.hour}:${p.minute}`;
}

/** "2026-11-23 21:05" in the store's time. */
export function dateTime(at: number): string {
  const p = parts(at);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** Minutes of a bill line: whole minutes as given, else from seconds (one decimal when not whole). */
export function lineMinutes(minutes: number | undefined, seconds: number | undefined): number | undefined {
  if (minutes !== undefined) return minutes;
  if (seconds === undefined) return undefined;
  return Math.round((seconds / 60) * 10) / 10;
}
