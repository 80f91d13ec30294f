/**
 * Wall-clock time in an IANA time zone, from Intl.DateTimeFormat only (no tz database of our own).
 * Everything is in whole epoch seconds. DST-safe: a day has 23, 24 or 25 hours, and a wall-clock
 * time may not exist (spring forward) or exist twice (fall back).
 */

export interface LocalTime {
  /** "YYYY-MM-DD" */
  readonly date: string;
  /** Seconds since local midnight as the wall clock shows it (0 .. 86399). */
  readonly secondOfDay: number;
  /** 0 = Sunday .. 6 = Saturday */
  readonly weekday: number;
  /** Wall clock minus UTC, in seconds. */
  readonly offset: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** True when Intl knows the time zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Wall clock minus UTC at an instant, from Intl (the slow path). */
function offsetFromIntl(timeZone: string, epochSec: number): number {
  const parts = formatFor(timeZone).formatToParts(epochSec * 1000);
  const get = (type: Intl.DateTimeFormatPartTypes): number => {
    const part = parts.find((p) => p.type === type);
    return part ? Number(part.value) : 0;
  };
  const wallAsUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  return wallAsUtc / 1000 - epochSec;
}

const BUCKET = 900;
const offsets = new Map<string, number>();

/**
 * The UTC offset at an instant. Cached per zone and UTC quarter hour when the offset is the same at
 * both ends of it (offsets change at most once in a quarter hour), else asked of Intl every time.
 */
export function offsetAt(timeZone: string, epochSec: number): number {
  const bucket = Math.floor(epochSec / BUCKET);
  const key = `${timeZone} ${bucket}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  const first = offsetFromIntl(timeZone, bucket * BUCKET);
  const last = offsetFromIntl(timeZone, bucket * BUCKET + BUCKET - 1);
  if (first !== last) return offsetFromIntl(timeZone, epochSec);
  if (offsets.size > 50_000) offsets.clear();
  offsets.set(key, first);
  return first;
}

export function localTime(timeZone: string, epochSec: number): LocalTime {
  const offset = offsetAt(timeZone, epochSec);
  const wall = new Date((epochSec + offset) * 1000);
  const y = wall.getUTCFullYear();
  const mo = wall.getUTCMonth() + 1;
  const d = wall.getUTCDate();
  return {
    date: `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
    secondOfDay: wall.getUTCHours() * 3600 + wall.getUTCMinutes() * 60 + wall.getUTCSeconds(),
    weekday: wall.getUTCDay(),
    offset,
  };
}

/**
 * The first second in (from, to] whose UTC offset differs from the offset at `from`, or undefined.
 * Assumes at most one change in the range (ranges here are at most a day long).
 */
export function offsetChangeIn(timeZone: string, from: number, to: number): number | undefined {
  const base = offsetAt(timeZone, from);
  if (offsetAt(timeZone, to) === base) return undefined;
  let lo = from;
  let hi = to;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(timeZone, mid) === base) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The calendar day before / after "YYYY-MM-DD". */
export function addDays(date: string, days: number): string {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** 0 = Sunday .. 6 = Saturday, of a calendar date. */
export function weekdayOf(date: string): number {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** True when "YYYY-MM-DD" is a real calendar date. */
export function isCalendarDate(date: string): boolean {
  return addDays(date, 0) === date;
}

/** "HH:MM" -> minutes since midnight (24:00 -> 1440). */
export function wallMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** Seconds of day -> "HH:MM" (seconds dropped), 86400 -> "24:00". */
export function wallText(secondOfDay: number): string {
  const m = Math.floor(secondOfDay / 60);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}
