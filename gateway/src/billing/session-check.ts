import { BillingErrorCodes, type BillingProblem } from './errors.js';
import { addDays, localTime, wallMinutes } from './local-time.js';
import { crossesMidnight, dayTypeOf } from './schedule.js';
import type { Package, RatePlan, SessionInput } from './schemas.js';

/** Segments in time order, none ending before it starts; every error with its path. */
export function checkSegmentOrder(session: SessionInput): string[] {
  const errors: string[] = [];
  let previousEnd = -1;
  for (const [i, s] of session.segments.entries()) {
    if (s.endAt < s.startAt) errors.push(`/segments/${i}/endAt must not be before its startAt`);
    if (s.startAt < previousEnd) errors.push(`/segments/${i}/startAt must not be before the previous segment's endAt`);
    previousEnd = s.endAt;
  }
  return errors;
}

/** True when the session's start (epoch s) is in the package's start window and on a day it is sold. */
export function inStartWindow(plan: RatePlan, pkg: Package, startSec: number): boolean {
  const local = localTime(plan.timeZone, startSec);
  const minute = Math.floor(local.secondOfDay / 60);
  const start = wallMinutes(pkg.startWindow.start);
  const end = wallMinutes(pkg.startWindow.end);
  let windowDate = local.date;
  if (crossesMidnight(pkg.startWindow)) {
    if (minute < end) {
      windowDate = addDays(local.date, -1);
    } else if (minute < start) return false;
  } else if (minute < start || minute >= end) return false;
  return pkg.days === undefined || pkg.days.includes(dayTypeOf(plan, windowDate));
}

/** Why the session cannot be billed under the plan, or undefined when it can. */
export function checkSession(plan: RatePlan, session: SessionInput): BillingProblem | undefined {
  const order = checkSegmentOrder(session);
  if (order.length > 0) return { code: BillingErrorCodes.SEGMENTS, message: order.join('; ') };
  for (const [i, s] of session.segments.entries()) {
    if (!(s.roomType in plan.roomTypes)) {
      return {
        code: BillingErrorCodes.ROOM_TYPE,
        message: `/segments/${i}/roomType "${s.roomType}" is not a room type of plan ${plan.id}`,
      };
    }
  }
  if (session.memberLevel !== undefined && !(session.memberLevel in plan.memberLevels)) {
    return {
      code: BillingErrorCodes.MEMBER_LEVEL,
      message: `member level "${session.memberLevel}" is not in plan ${plan.id}`,
    };
  }
  if (session.packageId === undefined) return undefined;
  const pkg = plan.packages.find((p) => p.id === session.packageId);
  if (!pkg)
    return { code: BillingErrorCodes.PACKAGE, message: `package "${session.packageId}" is not in plan ${plan.id}` };
  const first = session.segments[0];
  if (!first) return undefined;
  const startSec = Math.floor(first.startAt / 1000);
  if (!inStartWindow(plan, pkg, startSec)) {
    const local = localTime(plan.timeZone, startSec);
    const days = pkg.days ? ` on ${pkg.days.join(', ')}` : '';
    return {
      code: BillingErrorCodes.PACKAGE_WINDOW,
      message: `package ${pkg.id} (${pkg.name}) starts ${pkg.startWindow.start}-${pkg.startWindow.end}${days}; the session started ${local.date} ${String(Math.floor(local.secondOfDay / 3600)).padStart(2, '0')}:${String(Math.floor(local.secondOfDay / 60) % 60).padStart(2, '0')}`,
    };
  }
  const packageEnd = startSec + pkg.durationMin * 60;
  for (const [i, s] of session.segments.entries()) {
    if (Math.floor(s.startAt / 1000) < packageEnd && !pkg.roomTypes.includes(s.roomType)) {
      return {
        code: BillingErrorCodes.PACKAGE_ROOM_TYPE,
        message: `package ${pkg.id} (${pkg.name}) is not sold for room type "${s.roomType}" (/segments/${i}); it is for ${pkg.roomTypes.join(', ')}`,
      };
    }
  }
  return undefined;
}
