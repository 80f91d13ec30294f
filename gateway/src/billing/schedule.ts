import { addDays, localTime, offsetChangeIn, wallMinutes, weekdayOf } from './local-time.js';
import type { Period, RatePlan } from './schemas.js';

/** Index = Date#getUTCDay(). */
const WEEKDAY_BY_INDEX = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** The day type of a local date: the holiday calendar's entry, else the weekday (mon..sun). */
export function dayTypeOf(plan: Pick<RatePlan, 'holidays'>, date: string): string {
  return plan.holidays[date] ?? WEEKDAY_BY_INDEX[weekdayOf(date)] ?? 'mon';
}

/** An end at or before the start crosses midnight ("22:00"-"06:00", "12:00"-"12:00" = 24 hours). */
export function crossesMidnight(p: { start: string; end: string }): boolean {
  return wallMinutes(p.end) <= wallMinutes(p.start);
}

export interface ActivePeriod {
  readonly index: number;
  readonly period: Period;
  /** The local date the period instance started on (a period crossing midnight belongs to it). */
  readonly anchorDate: string;
  /** Where this instance stops applying on the current local date (seconds of day, up to 86400). */
  readonly untilSecondOfDay: number;
}

/**
 * The period in force at a local wall-clock time. A period carried over from yesterday (crossing
 * midnight) wins until its end; then the day's own periods apply.
 */
export function periodAt(
  plan: Pick<RatePlan, 'holidays'>,
  periods: readonly Period[],
  date: string,
  secondOfDay: number,
): ActivePeriod | undefined {
  const yesterday = addDays(date, -1);
  const yesterdayType = dayTypeOf(plan, yesterday);
  const todayType = dayTypeOf(plan, date);
  for (const [index, period] of periods.entries()) {
    if (!crossesMidnight(period) || !period.days.includes(yesterdayType)) continue;
    const end = wallMinutes(period.end) * 60;
    if (secondOfDay < end) return { index, period, anchorDate: yesterday, untilSecondOfDay: end };
  }
  for (const [index, period] of periods.entries()) {
    if (!period.days.includes(todayType)) continue;
    const start = wallMinutes(period.start) * 60;
    const end = wallMinutes(period.end) * 60;
    if (crossesMidnight(period)) {
      if (secondOfDay >= start) return { index, period, anchorDate: date, untilSecondOfDay: 86_400 };
    } else if (secondOfDay >= start && secondOfDay < end) {
      return { index, period, anchorDate: date, untilSecondOfDay: end };
    }
  }
  return undefined;
}

export interface Piece {
  readonly index: number;
  readonly period: Period;
  readonly anchorDate: string;
  /** Epoch seconds, [from, to). */
  readonly from: number;
  readonly to: number;
}

export class UncoveredTimeError extends Error {
  constructor(readonly epochSec: number) {
    super(`no period covers ${new Date(epochSec * 1000).toISOString()}`);
  }
}

/**
 * Splits [from, to) (epoch seconds) at the periods' local boundaries. One piece per period
 * instance: a period crossing midnight (or a DST change) stays one piece. Throws UncoveredTimeError
 * for a plan with a gap (validated plans have none).
 */
export function splitByPeriod(
  plan: Pick<RatePlan, 'holidays' | 'timeZone'>,
  periods: readonly Period[],
  from: number,
  to: number,
): Piece[] {
  const pieces: Piece[] = [];
  let t = from;
  while (t < to) {
    const local = localTime(plan.timeZone, t);
    const active = periodAt(plan, periods, local.date, local.secondOfDay);
    if (!active) throw new UncoveredTimeError(t);
    let next = t + (active.untilSecondOfDay - local.secondOfDay);
    const change = offsetChangeIn(plan.timeZone, t, next);
    if (change !== undefined) next = change;
    next = Math.min(next, to);
    const last = pieces.at(-1);
    if (last && last.to === t && last.index === active.index && last.anchorDate === active.anchorDate) {
      pieces[pieces.length - 1] = { ...last, to: next };
    } else {
      pieces.push({ index: active.index, period: active.period, anchorDate: active.anchorDate, from: t, to: next });
    }
    t = next;
  }
  return pieces;
}
