import { BillingError, BillingErrorCodes } from './errors.js';
import { BillLabels as L } from './labels.js';
import { localTime, wallText } from './local-time.js';
import { duration, percentOf, timeCharge, yuan, zhe } from './money.js';
import { type Piece, periodAt, splitByPeriod, UncoveredTimeError } from './schedule.js';
import type { Bill, BillLine, RatePlan, Segment, SessionInput } from './schemas.js';
import { checkSession } from './session-check.js';

const toSec = (ms: number) => Math.floor(ms / 1000);
const minutesOf = (seconds: number) => Math.round((seconds / 60) * 100) / 100;

function roomTypeName(plan: RatePlan, roomType: string): string {
  return plan.roomTypes[roomType]?.name ?? roomType;
}

/** "11-23 20:00–22:30" in the store's time zone. */
function spanText(plan: RatePlan, from: number, to: number): string {
  const a = localTime(plan.timeZone, from);
  const b = localTime(plan.timeZone, to);
  return `${a.date.slice(5)} ${wallText(a.secondOfDay)}–${wallText(b.secondOfDay)}`;
}

interface ChargedPiece {
  readonly piece: Piece;
  readonly segment: Segment;
}

/** The time (or overtime) pieces of every segment after `notBefore` (the package's end), in order. */
function chargedPieces(plan: RatePlan, session: SessionInput, notBefore: number): ChargedPiece[] {
  const out: ChargedPiece[] = [];
  for (const segment of session.segments) {
    const from = Math.max(toSec(segment.startAt), notBefore);
    const to = toSec(segment.endAt);
    if (to <= from) continue;
    const periods = plan.roomTypes[segment.roomType]?.periods ?? [];
    for (const piece of splitByPeriod(plan, periods, from, to)) out.push({ piece, segment });
  }
  return out;
}

/** The room fee's time lines + the billing-unit/grace line; returns their sum (never below 0). */
function timeLines(plan: RatePlan, pieces: readonly ChargedPiece[], overtime: boolean, lines: BillLine[]): number {
  let sum = 0;
  let totalSeconds = 0;
  for (const { piece, segment } of pieces) {
    const seconds = piece.to - piece.from;
    const rate = piece.period.pricePerHourFen;
    const amountFen = timeCharge(seconds, rate);
    sum += amountFen;
    totalSeconds += seconds;
    lines.push({
      kind: overtime ? 'overtime' : 'time',
      label: `${overtime ? L.overtime : L.time} ${roomTypeName(plan, segment.roomType)} ${piece.period.name}`,
      room: segment.room,
      roomType: segment.roomType,
      period: piece.period.name,
      from: piece.from * 1000,
      to: piece.to * 1000,
      seconds,
      minutes: minutesOf(seconds),
      rateFenPerHour: rate,
      amountFen,
      note: `${spanText(plan, piece.from, piece.to)} ${duration(seconds)} × ${yuan(rate)}${L.perHour}`,
    });
  }
  const last = pieces.at(-1);
  const unit = plan.billingUnitMin * 60;
  const remainder = totalSeconds % unit;
  if (!last || remainder === 0) return sum;
  const rate = last.piece.period.pricePerHourFen;
  const dropped = remainder <= plan.graceMin * 60;
  const seconds = dropped ? remainder : unit - remainder;
  const amountFen = dropped ? Math.max(-timeCharge(seconds, rate), -sum) : timeCharge(seconds, rate);
  const at = `${last.piece.period.name} ${yuan(rate)}${L.perHour}`;
  lines.push({
    kind: 'rounding',
    label: dropped ? L.graceDropped : L.unitAdded,
    room: last.segment.room,
    roomType: last.segment.roomType,
    period: last.piece.period.name,
    seconds: dropped ? -seconds : seconds,
    minutes: minutesOf(dropped ? -seconds : seconds),
    rateFenPerHour: rate,
    amountFen: amountFen === 0 ? 0 : amountFen,
    note: dropped
      ? `共 ${duration(totalSeconds)}，最后不足 ${plan.billingUnitMin} 分钟的 ${duration(seconds)} 在宽限 ${plan.graceMin} 分钟内，不计（按 ${at}）`
      : `共 ${duration(totalSeconds)}，计费单位 ${plan.billingUnitMin} 分钟，补足 ${duration(seconds)}（按 ${at}）`,
  });
  return sum + amountFen;
}

/**
 * The bill of a session under a rate plan. Pure: no clock, no I/O. For the bill so far, pass the
 * running segment with endAt = now. Never throws for a validated plan and a session that fits it;
 * a session that does not fit (unknown room type, package outside its window, ...) throws a
 * BillingError with a stable code (checkSession asks first without throwing).
 */
export function quoteBill(plan: RatePlan, session: SessionInput): Bill {
  const problem = checkSession(plan, session);
  if (problem) throw new BillingError(problem.code, problem.message);
  try {
    return quote(plan, session);
  } catch (e) {
    if (e instanceof UncoveredTimeError) throw new BillingError(BillingErrorCodes.NO_PERIOD, e.message);
    throw e;
  }
}

function quote(plan: RatePlan, session: SessionInput): Bill {
  const lines: BillLine[] = [];
  const first = session.segments[0];
  if (!first) throw new BillingError(BillingErrorCodes.SEGMENTS, 'a session has at least one segment');
  const startSec = toSec(first.startAt);
  const pkg = session.packageId === undefined ? undefined : plan.packages.find((p) => p.id === session.packageId);

  // Room fee: the package, then time (or overtime after the package) by the schedule.
  let packageFen = 0;
  let packageEnd = startSec;
  if (pkg) {
    packageFen = pkg.priceFen;
    packageEnd = startSec + pkg.durationMin * 60;
    lines.push({
      kind: 'package',
      label: `${L.package} ${pkg.name}`,
      room: first.room,
      roomType: first.roomType,
      from: startSec * 1000,
      to: packageEnd * 1000,
      seconds: pkg.durationMin * 60,
      minutes: pkg.durationMin,
      amountFen: pkg.priceFen,
      note: `${spanText(plan, startSec, packageEnd)} ${duration(pkg.durationMin * 60)} ${yuan(pkg.priceFen)}`,
    });
    for (const item of pkg.includedItems) {
      lines.push({
        kind: 'order',
        label: item.name ?? item.itemId,
        qty: item.qty,
        unitPriceFen: 0,
        amountFen: 0,
        note: `${L.packageItem}（${pkg.name}）`,
      });
    }
  }
  const timeFen = timeLines(plan, chargedPieces(plan, session, packageEnd), pkg !== undefined, lines);
  const roomFeeFen = packageFen + timeFen;

  // Orders; voided lines stay as audit lines at 0 fen.
  let ordersFen = 0;
  const byCategory = new Map<string, number>();
  for (const o of session.orders) {
    if (o.voided) {
      lines.push({
        kind: 'void',
        label: `${L.void} ${o.name}`,
        qty: o.qty,
        unitPriceFen: o.unitPriceFen,
        amountFen: 0,
        note: `${o.voided.reason}（${o.voided.by}，${yuan(o.qty * o.unitPriceFen)} 不计）`,
      });
      continue;
    }
    const amountFen = o.qty * o.unitPriceFen;
    ordersFen += amountFen;
    byCategory.set(o.category, (byCategory.get(o.category) ?? 0) + amountFen);
    lines.push({ kind: 'order', label: o.name, qty: o.qty, unitPriceFen: o.unitPriceFen, amountFen, note: o.category });
  }

  // Member discounts: time charge (not a package's fixed price) and per order category.
  let discountFen = 0;
  let roomDiscount = 0;
  let ordersDiscount = 0;
  const level = session.memberLevel === undefined ? undefined : plan.memberLevels[session.memberLevel];
  if (level) {
    const pct = level.roomFeeDiscountPct;
    roomDiscount = percentOf(timeFen, pct);
    if (pct > 0 && roomDiscount > 0) {
      lines.push({
        kind: 'discount',
        label: `${L.memberDiscount} ${level.name} ${L.time} ${zhe(pct)}`,
        amountFen: -roomDiscount,
        note: `${L.time} ${yuan(timeFen)} × ${pct}%`,
      });
    }
    for (const [category, fen] of byCategory) {
      const catPct = level.categoryDiscountPct[category] ?? 0;
      const amount = percentOf(fen, catPct);
      if (amount === 0) continue;
      ordersDiscount += amount;
      lines.push({
        kind: 'discount',
        label: `${L.memberDiscount} ${level.name} ${category} ${zhe(catPct)}`,
        amountFen: -amount,
        note: `${category} ${yuan(fen)} × ${catPct}%`,
      });
    }
  }
  // Manual discount (整单折扣) on what is left of room fee and orders.
  const manualPct = session.manualDiscountPct ?? 0;
  if (manualPct > 0) {
    const roomLeft = roomFeeFen - roomDiscount;
    const ordersLeft = ordersFen - ordersDiscount;
    const roomPart = percentOf(roomLeft, manualPct);
    const ordersPart = percentOf(ordersLeft, manualPct);
    roomDiscount += roomPart;
    ordersDiscount += ordersPart;
    if (roomPart + ordersPart > 0) {
      lines.push({
        kind: 'discount',
        label: `${L.manualDiscount} ${zhe(manualPct)}`,
        amountFen: -(roomPart + ordersPart),
        note: `(${L.time} ${yuan(roomLeft)} + 消费 ${yuan(ordersLeft)}) × ${manualPct}%`,
      });
    }
  }
  discountFen = roomDiscount + ordersDiscount;
  const roomAfter = roomFeeFen - roomDiscount;
  const spent = roomAfter + ordersFen - ordersDiscount;

  // Minimum spend of the period the session started in (none with a package).
  let minimumSpendTopUpFen = 0;
  if (!pkg) {
    const start = localTime(plan.timeZone, startSec);
    const periods = plan.roomTypes[first.roomType]?.periods ?? [];
    const period = periodAt(plan, periods, start.date, start.secondOfDay)?.period;
    const minimum = period?.minimumSpendFen ?? 0;
    if (period && minimum > spent) {
      minimumSpendTopUpFen = minimum - spent;
      lines.push({
        kind: 'minimumSpend',
        label: L.minimumSpend,
        roomType: first.roomType,
        period: period.name,
        amountFen: minimumSpendTopUpFen,
        note: `${roomTypeName(plan, first.roomType)} ${period.name} 最低消费 ${yuan(minimum)}，已消费 ${yuan(spent)}`,
      });
    }
  }

  // Service charge on the room fee after discount.
  const serviceChargeFen = percentOf(roomAfter, plan.serviceChargePct);
  if (serviceChargeFen > 0) {
    lines.push({
      kind: 'serviceCharge',
      label: `${L.serviceCharge} ${plan.serviceChargePct}%`,
      amountFen: serviceChargeFen,
      note: `${L.time}（折后）${yuan(roomAfter)} × ${plan.serviceChargePct}%`,
    });
  }

  // 抹零 of the final total.
  const subtotal = spent + minimumSpendTopUpFen + serviceChargeFen;
  const roundDownFen = plan.rounding === 'yuan' ? subtotal % 100 : plan.rounding === 'jiao' ? subtotal % 10 : 0;
  if (roundDownFen > 0) {
    lines.push({
      kind: 'roundDown',
      label: L.roundDown,
      amountFen: -roundDownFen,
      note: `${yuan(subtotal)} 抹零到${plan.rounding === 'yuan' ? '元' : '角'}`,
    });
  }
  return {
    lines,
    roomFeeFen,
    ordersFen,
    discountFen,
    serviceChargeFen,
    minimumSpendTopUpFen,
    roundDownFen,
    totalFen: subtotal - roundDownFen,
  };
}
