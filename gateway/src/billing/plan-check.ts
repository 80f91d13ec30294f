import { addDays, isCalendarDate, isTimeZone, wallMinutes } from './local-time.js';
import { crossesMidnight, dayTypeOf } from './schedule.js';
import { type Period, type RatePlan, WEEKDAYS } from './schemas.js';

const MINUTES_PER_DAY = 1440;

function rangeText(fromMin: number, toMin: number): string {
  const t = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return `${t(fromMin)}-${t(toMin)}`;
}

/** Minutes of a day of type `dayType` covered by its own periods (index per minute, or -1). */
function ownCover(periods: readonly Period[], dayType: string, path: string, errors: string[]): number[] {
  const cover = new Array<number>(MINUTES_PER_DAY).fill(-1);
  for (const [i, p] of periods.entries()) {
    if (!p.days.includes(dayType)) continue;
    const start = wallMinutes(p.start);
    const end = crossesMidnight(p) ? MINUTES_PER_DAY : wallMinutes(p.end);
    for (let m = start; m < end; m++) {
      const other = cover[m] ?? -1;
      if (other >= 0) {
        errors.push(
          `${path}/${i} overlaps ${path}/${other} on ${dayType} (${p.name} and ${periods[other]?.name ?? ''} both cover ${rangeText(m, m + 1)})`,
        );
        break;
      }
      cover[m] = i;
    }
  }
  return cover;
}

/** Minutes after midnight covered by periods of `dayType` that cross into the next day. */
function carryCover(periods: readonly Period[], dayType: string): boolean[] {
  const cover = new Array<boolean>(MINUTES_PER_DAY).fill(false);
  for (const p of periods) {
    if (!p.days.includes(dayType) || !crossesMidnight(p)) continue;
    for (let m = 0; m < wallMinutes(p.end); m++) cover[m] = true;
  }
  return cover;
}

/** The first gap of a day of type `today` that follows a day of type `yesterday`, as "HH:MM-HH:MM". */
function firstGap(periods: readonly Period[], yesterday: string, today: string): string | undefined {
  const own = ownCover(periods, today, '', []);
  const carry = carryCover(periods, yesterday);
  let m = 0;
  while (m < MINUTES_PER_DAY && ((own[m] ?? -1) >= 0 || carry[m])) m++;
  if (m === MINUTES_PER_DAY) return undefined;
  let end = m;
  while (end < MINUTES_PER_DAY && (own[end] ?? -1) < 0 && !carry[end]) end++;
  return rangeText(m, end);
}

/**
 * The day pairs (yesterday, today) that can happen under the plan: the weekly cycle, and the days
 * around every date of the holiday calendar.
 */
function dayPairs(plan: RatePlan): [string, string][] {
  const pairs = new Map<string, [string, string]>();
  const add = (y: string, t: string) => pairs.set(`${y}>${t}`, [y, t]);
  for (const [i, day] of WEEKDAYS.entries()) add(WEEKDAYS[(i + 6) % 7] ?? 'sun', day);
  for (const date of Object.keys(plan.holidays)) {
    if (!isCalendarDate(date)) continue;
    for (const d of [date, addDays(date, 1)]) add(dayTypeOf(plan, addDays(d, -1)), dayTypeOf(plan, d));
  }
  return [...pairs.values()];
}

/**
 * Consistency of a schema-valid plan: every error with its path. A time zone Intl knows, real
 * holiday dates, no overlapping periods on a day, no minute of any day that can happen without a
 * period, packages for room types of the plan.
 */
export function checkRatePlan(plan: RatePlan): string[] {
  const errors: string[] = [];
  if (!isTimeZone(plan.timeZone)) errors.push(`/timeZone "${plan.timeZone}" is not a known IANA time zone`);
  for (const date of Object.keys(plan.holidays)) {
    if (!isCalendarDate(date)) errors.push(`/holidays/${date} is not a calendar date`);
  }
  if (errors.length > 0) return errors;
  const pairs = dayPairs(plan);
  const dayTypes = [...new Set(pairs.flat())];
  for (const [roomType, rt] of Object.entries(plan.roomTypes)) {
    const path = `/roomTypes/${roomType}/periods`;
    for (const [i, p] of rt.periods.entries()) {
      if (p.start === '24:00') errors.push(`${path}/${i}/start must be before 24:00`);
    }
    for (const dayType of dayTypes) ownCover(rt.periods, dayType, path, errors);
    const gaps = new Map<string, string[]>();
    for (const [yesterday, today] of pairs) {
      const gap = firstGap(rt.periods, yesterday, today);
      if (gap !== undefined) gaps.set(gap, [...(gaps.get(gap) ?? []), `${today} after ${yesterday}`]);
    }
    for (const [gap, days] of gaps) errors.push(`${path} has no period for ${gap} on ${days.join(', ')}`);
  }
  const packageIds = new Set<string>();
  for (const [i, pkg] of plan.packages.entries()) {
    if (packageIds.has(pkg.id)) errors.push(`/packages/${i}/id "${pkg.id}" is used twice`);
    packageIds.add(pkg.id);
    for (const [j, roomType] of pkg.roomTypes.entries()) {
      if (!(roomType in plan.roomTypes))
        errors.push(`/packages/${i}/roomTypes/${j} "${roomType}" is not in /roomTypes`);
    }
  }
  return [...new Set(errors)];
}
