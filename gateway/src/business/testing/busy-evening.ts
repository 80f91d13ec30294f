/**
 * A busy evening at a 12-room store, driven straight into the business service on a data folder:
 * many rooms opening, ordering, voiding, extending, moving, checking out, cleaning. Deterministic
 * for a seed (fake clock, seeded ids, seeded choices), so that a run killed at any moment and
 * restarted can be compared with an uninterrupted one (scripts/src/e2e/business-crash.test.ts).
 *
 *   node busy-evening.js --data DIR --seed N --ops N [--reference] [--snapshot-every N]
 *
 * stdout, one line each: `recovered STATE_DIGEST` after start; then (not with --reference) it reads
 * `start K` on stdin and answers `check FULL_DIGEST` (state + bills so far at op K-1's time);
 * `ack I STATE_DIGEST FULL_DIGEST` after operation I is durable (refused operations write nothing
 * and are acknowledged too); `done` at the end. Logs (pino JSON) go to stderr.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { Journal } from '../../journal/index.js';
import { type BusinessSettings, demoBusinessSettings, roomTypeFor } from '../../settings/business-settings.js';
import { BusinessError } from '../errors.js';
import { BusinessService } from '../sessions/business-service.js';
import type { BusinessState } from '../sessions/model.js';
import { canonicalJson, rngFor, seededUlid } from './seeded.js';

const ROOMS = ['101', '102', '103', '104', '105', '106', '107', '108', '109', '110', '111', '112'];
/** Friday 2026-11-20 18:00 in Shanghai; one operation every 20 s. */
export const EVENING_START = Date.UTC(2026, 10, 20, 10, 0, 0);
export const STEP_MS = 20_000;

export function eveningSettings(): BusinessSettings {
  const s = demoBusinessSettings();
  const types = [
    'small',
    'small',
    'small',
    'small',
    'medium',
    'medium',
    'medium',
    'large',
    'large',
    'large',
    'deluxe',
    'deluxe',
  ];
  s.roomTypeByRoom = Object.fromEntries(ROOMS.map((r, i) => [r, types[i] ?? 'small']));
  return s;
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T | undefined => items[Math.floor(rng() * items.length)];

/** One operation, chosen from the state by the op's own PRNG. Refusals are part of the evening. */
export async function runOperation(service: BusinessService, rng: Rng): Promise<string> {
  const state = service.peekState();
  const stateOf = (room: string) => state.rooms[room]?.state ?? 'idle';
  const roomsIn = (...states: string[]) => ROOMS.filter((r) => states.includes(stateOf(r)));
  const open = Object.values(state.open).map((o) => ({
    sessionId: o.sessionId,
    orders: o.orders.map((l) => ({ ...l })),
  }));
  const roll = rng() * 100;
  const by = pick(rng, ['前台小王', '前台小李']) ?? 'desk';
  try {
    if (roll < 22) {
      const room = pick(rng, roomsIn('idle', 'booked')) ?? pick(rng, ROOMS) ?? '101';
      const r = rng();
      const req: { ratePlanId: string; packageId?: string; memberLevel?: string; prepaidMinutes?: number } = {
        ratePlanId: rng() < 0.03 ? 'no-such-plan' : 'standard',
      };
      if (r < 0.15) req.packageId = 'prime-4h';
      else if (r < 0.2) req.packageId = 'afternoon-3h';
      else if (r < 0.5) req.prepaidMinutes = pick(rng, [60, 120, 180]) ?? 60;
      const level = pick(rng, [undefined, undefined, 'silver', 'gold', 'diamond']);
      if (level) req.memberLevel = level;
      await service.openSession(room, req, by);
      return `open ${room}`;
    }
    const session = pick(rng, open);
    if (roll < 50) {
      if (!session) return 'order: none open';
      const item = pick(rng, eveningSettings().menu);
      await service.addOrder(session.sessionId, item?.itemId ?? 'tsingtao', 1 + Math.floor(rng() * 6), by);
      return `order ${session.sessionId}`;
    }
    if (roll < 58) {
      if (!session) return 'void: none open';
      const line = pick(
        rng,
        session.orders.filter((l) => !l.voided),
      );
      if (!line) return 'void: no line';
      await service.voidOrder(session.sessionId, line.lineId, rng() < 0.1 ? ' ' : '客人不要了', by);
      return `void ${line.lineId}`;
    }
    if (roll < 66) {
      if (!session) return 'extend: none open';
      await service.extend(session.sessionId, pick(rng, [30, 60]) ?? 30, by);
      return `extend ${session.sessionId}`;
    }
    if (roll < 72) {
      if (!session) return 'move: none open';
      const to = pick(rng, roomsIn('idle', 'booked')) ?? pick(rng, ROOMS) ?? '101';
      await service.move(session.sessionId, to, by);
      return `move ${session.sessionId} ${to}`;
    }
    if (roll < 86) {
      if (!session) return 'checkout: none open';
      await service.checkout(session.sessionId, by);
      return `checkout ${session.sessionId}`;
    }
    if (roll < 94) {
      const room = pick(rng, roomsIn('cleaning')) ?? pick(rng, ROOMS) ?? '101';
      await service.changeRoom(room, { action: 'clean' }, by);
      return `clean ${room}`;
    }
    if (roll < 96) {
      if (!session) return 'discount: none open';
      await service.discount(session.sessionId, pick(rng, [0, 5, 10, 12]) ?? 10, rng() < 0.1 ? '' : '老客户', by);
      return `discount ${session.sessionId}`;
    }
    if (roll < 98) {
      const room = pick(rng, roomsIn('idle', 'booked')) ?? '101';
      if (stateOf(room) === 'booked') await service.changeRoom(room, { action: 'unbook' }, by);
      else await service.changeRoom(room, { action: 'book', name: '张先生', at: EVENING_START + 3600_000 }, by);
      return `book ${room}`;
    }
    const room = pick(rng, ROOMS) ?? '101';
    const on = stateOf(room) !== 'maintenance';
    await service.changeRoom(room, { action: on ? 'maintenanceOn' : 'maintenanceOff' }, by);
    return `maintenance ${room} ${on}`;
  } catch (e) {
    if (e instanceof BusinessError) return `refused ${e.code}`;
    throw e;
  }
}

const hash = (v: unknown) => createHash('sha256').update(canonicalJson(v)).digest('hex').slice(0, 32);
/** Closed sessions never change: each is hashed once. */
const closedHashes = new Map<string, string>();

/** The state alone, and the state with every open session's bill so far (at the clock). */
export function digests(service: BusinessService): { state: string; full: string } {
  const s: Readonly<BusinessState> = service.peekState();
  const closed = s.closed.map((c) => {
    let h = closedHashes.get(c.sessionId);
    if (h === undefined) {
      h = hash(c);
      closedHashes.set(c.sessionId, h);
    }
    return h;
  });
  const state = hash({ rooms: s.rooms, open: s.open, plans: Object.keys(s.plans).sort(), sold: s.sold, closed });
  const bills = Object.keys(s.open)
    .sort()
    .map((id) => service.session(id).bill);
  return { state, full: hash({ state, bills }) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      seed: { type: 'string', default: '1' },
      ops: { type: 'string', default: '1000' },
      reference: { type: 'boolean', default: false },
      'snapshot-every': { type: 'string', default: '50' },
    },
  });
  if (!values.data) throw new Error('--data DIR is required');
  const seed = Number(values.seed);
  const ops = Number(values.ops);
  const logger = pino({ level: 'info', base: { name: 'busy-evening' } }, pino.destination(2));
  let clock = EVENING_START;
  const settings = eveningSettings();
  const journal = await Journal.open(join(values.data, 'journal'), { logger, now: () => clock });
  let opIndex = 0;
  let idCount = 0;
  const service = await BusinessService.open({
    journal,
    settings: () => settings,
    roomExists: (room) => ROOMS.includes(room),
    roomTypeOf: (room) => roomTypeFor(settings, room).id,
    now: () => clock,
    newId: (now) => seededUlid(now, rngFor(seed + 7919, opIndex * 16 + idCount++)),
    logger,
    snapshotEvery: Number(values['snapshot-every']),
  });
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`recovered ${digests(service).state}`);

  let start = 0;
  if (!values.reference) {
    const lines = createInterface({ input: process.stdin });
    const first: string = await new Promise((resolve) => lines.once('line', resolve));
    lines.close();
    const m = /^start (\d+)$/.exec(first);
    if (!m) throw new Error(`expected "start K", got ${first}`);
    start = Number(m[1]);
    clock = EVENING_START + (start - 1) * STEP_MS;
    out(`check ${digests(service).full}`);
  }
  for (let i = start; i < ops; i++) {
    opIndex = i;
    idCount = 0;
    clock = EVENING_START + i * STEP_MS;
    await runOperation(service, rngFor(seed, i));
    const d = digests(service);
    out(`ack ${i} ${d.state} ${d.full}`);
  }
  await service.close();
  await journal.close();
  out('done');
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().catch((e: unknown) => {
    process.stderr.write(`busy-evening failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
