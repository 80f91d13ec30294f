import { addDays, offsetAt } from '../billing/local-time.js';

/**
 * Energy hours (issue #9), pure: from each room's power events (`power.changed`: on, inUse; and
 * `agent.started`), per room and per local day of the store, how long the room was powered (TV,
 * amplifier or lights on) and how long it was in use (a session ran). What idle rooms cost is the
 * difference. Times are the room box's clock (`at`), which the events carry through outages.
 */

/** What the computation needs of one room event. */
export type PowerFact =
  | { room: string; at: number; kind: 'power'; on: boolean; inUse: boolean }
  /** The room box (re)started: what it had on before is unknown from here on. */
  | { room: string; at: number; kind: 'started' };

export interface DayHours {
  /** "YYYY-MM-DD" in the store's time zone. */
  date: string;
  onMs: number;
  inUseMs: number;
}

export interface RoomEnergy {
  room: string;
  days: DayHours[];
  totalOnMs: number;
  totalInUseMs: number;
}

export interface EnergyReport {
  timeZone: string;
  from: string;
  to: string;
  /** Intervals still open were counted up to this time. */
  until: number;
  rooms: RoomEnergy[];
}

export interface Interval {
  start: number;
  end: number;
}

/**
 * The powered and in-use intervals of one room, from its facts in the order the room recorded
 * them. A box that restarts closes what was open at its last fact before the start (it may have
 * lost power any time after; the estimate never counts time nobody saw). Open intervals end at `until`.
 */
export function roomIntervals(facts: readonly PowerFact[], until: number): { on: Interval[]; inUse: Interval[] } {
  const on: Interval[] = [];
  const inUse: Interval[] = [];
  let onSince: number | null = null;
  let useSince: number | null = null;
  let lastAt: number | null = null;
  const close = (list: Interval[], since: number | null, end: number) => {
    if (since !== null && end > since) list.push({ start: since, end });
  };
  for (const f of facts) {
    if (f.kind === 'started') {
      const end = lastAt ?? f.at;
      close(on, onSince, end);
      close(inUse, useSince, end);
      onSince = null;
      useSince = null;
    } else {
      if (f.on && onSince === null) onSince = f.at;
      if (!f.on && onSince !== null) {
        close(on, onSince, f.at);
        onSince = null;
      }
      if (f.inUse && useSince === null) useSince = f.at;
      if (!f.inUse && useSince !== null) {
        close(inUse, useSince, f.at);
        useSince = null;
      }
    }
    lastAt = Math.max(lastAt ?? f.at, f.at);
  }
  close(on, onSince, until);
  close(inUse, useSince, until);
  return { on, inUse };
}

/** Epoch ms of local midnight starting `date` in `timeZone` (DST-safe: offsets are looked up, twice). */
export function localMidnight(date: string, timeZone: string): number {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d) / 1000;
  const guess = wall - offsetAt(timeZone, wall);
  const exact = wall - offsetAt(timeZone, guess);
  return exact * 1000;
}

/** The calendar days from..to, both included. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length < 3660; d = addDays(d, 1)) out.push(d);
  return out;
}

function overlap(intervals: readonly Interval[], start: number, end: number): number {
  let ms = 0;
  for (const i of intervals) ms += Math.max(0, Math.min(i.end, end) - Math.max(i.start, start));
  return ms;
}

/** Per room and per local day from..to: powered and in-use milliseconds. `rooms` are listed even without facts. */
export function energyReport(input: {
  facts: readonly PowerFact[];
  rooms: readonly string[];
  from: string;
  to: string;
  timeZone: string;
  until: number;
}): EnergyReport {
  const byRoom = new Map<string, PowerFact[]>();
  for (const room of input.rooms) byRoom.set(room, []);
  for (const f of input.facts) {
    let list = byRoom.get(f.room);
    if (!list) {
      list = [];
      byRoom.set(f.room, list);
    }
    list.push(f);
  }
  const days = daysBetween(input.from, input.to);
  const bounds = days.map((date) => ({
    date,
    start: localMidnight(date, input.timeZone),
    end: localMidnight(addDays(date, 1), input.timeZone),
  }));
  const rooms: RoomEnergy[] = [...byRoom.keys()].sort().map((room) => {
    const { on, inUse } = roomIntervals(byRoom.get(room) ?? [], input.until);
    const perDay = bounds.map((b) => ({
      date: b.date,
      onMs: overlap(on, b.start, b.end),
      inUseMs: overlap(inUse, b.start, b.end),
    }));
    return {
      room,
      days: perDay,
      totalOnMs: perDay.reduce((s, d) => s + d.onMs, 0),
      totalInUseMs: perDay.reduce((s, d) => s + d.inUseMs, 0),
    };
  });
  return { timeZone: input.timeZone, from: input.from, to: input.to, until: input.until, rooms };
}

/** Hours with one decimal, as the report prints them. */
export const hours = (ms: number): number => Math.round(ms / 360_000) / 10;
