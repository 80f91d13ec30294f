/**
 * A store that works and forwards at the same time, as a child process for the cloud chaos tests
 * and the bench: the gateway's journal, business service (a busy evening of sessions, orders,
 * voids, moves, bills) and room events (song plays, sensor changes with ULIDs and per-room seq),
 * with the cloud link the gateway runs (createCloudLink) forwarding all of it.
 *
 *   node forwarding-store.js --data DIR --store S --cloud CLOUD.json [--ops N] [--first-op K]
 *        [--seed N] [--events-per-op N] [--op-ms MS]
 *
 * Logs (pino JSON, stdout): `op` {i} after each durable operation; `drained` {lastSeq} once the
 * cloud acknowledged everything after the last op; `cloud state` {state} every 200 ms.
 * SIGTERM stops it cleanly; the tests also SIGKILL it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createIdFactory } from '@ktv/protocol';
import { pino } from 'pino';
import { BusinessService } from '../../business/sessions/business-service.js';
import { eveningSettings, runOperation } from '../../business/testing/busy-evening.js';
import { rngFor, seededUlid } from '../../business/testing/seeded.js';
import { parseConfig } from '../../config/load.js';
import { ROOM_EVENT_RECORD } from '../../events/stored-event.js';
import { Journal } from '../../journal/index.js';
import { roomTypeFor } from '../../settings/business-settings.js';
import { createCloudLink } from '../cloud-link.js';

const ROOMS = ['101', '102', '103', '104', '105', '106', '107', '108', '109', '110', '111', '112'];
const EVENT_TYPES = ['song.started', 'song.ended', 'sensor.changed', 'service.called'];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      store: { type: 'string', default: 's1' },
      cloud: { type: 'string' },
      ops: { type: 'string', default: '200' },
      'first-op': { type: 'string', default: '0' },
      seed: { type: 'string', default: '1' },
      'events-per-op': { type: 'string', default: '3' },
      'op-ms': { type: 'string', default: '0' },
    },
  });
  if (!values.data || !values.cloud) throw new Error('--data and --cloud are required');
  const logger = pino({ level: process.env.KTV_LOG_LEVEL ?? 'info', base: { name: 'forwarding-store' } });
  const config = parseConfig({ storeId: values.store, cloud: JSON.parse(await readFile(values.cloud, 'utf8')) });
  const journal = await Journal.open(join(values.data, 'journal'), { logger });
  // Per-room seq survives restarts: continue after the last one in the journal.
  const roomSeq = new Map<string, number>();
  for await (const r of journal.read(1)) {
    if (r.type !== ROOM_EVENT_RECORD) continue;
    const d = r.data as { room: string; seq: number };
    roomSeq.set(d.room, Math.max(roomSeq.get(d.room) ?? 0, d.seq));
  }
  const settings = eveningSettings();
  const seed = Number(values.seed);
  const firstOp = Number(values['first-op']);
  let opIndex = firstOp;
  let idCount = 0;
  const service = await BusinessService.open({
    journal,
    settings: () => settings,
    roomExists: (room) => ROOMS.includes(room),
    roomTypeOf: (room) => roomTypeFor(settings, room).id,
    now: () => Date.now(),
    newId: (now) => seededUlid(now, rngFor(seed + 7919, opIndex * 16 + idCount++)),
    logger,
    snapshotEvery: 50,
  });
  const link = createCloudLink({
    config: config.cloud,
    storeId: config.storeId,
    journal,
    dataDir: values.data,
    logger,
  });
  await link.start();
  const stateTimer = setInterval(() => logger.info({ state: link.state() }, 'cloud state'), 200);
  const nextId = createIdFactory();
  const ops = Number(values.ops);
  const perOp = Number(values['events-per-op']);
  const opMs = Number(values['op-ms']);
  const stop = new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  let stopping = false;
  void stop.then(() => {
    stopping = true;
  });
  for (; opIndex < firstOp + ops && !stopping; opIndex += 1) {
    idCount = 0;
    const rng = rngFor(seed, opIndex);
    await runOperation(service, rng);
    const events = Array.from({ length: perOp }, () => {
      const room = ROOMS[Math.floor(rng() * ROOMS.length)] ?? '101';
      const seq = (roomSeq.get(room) ?? 0) + 1;
      roomSeq.set(room, seq);
      const at = Date.now();
      const type = EVENT_TYPES[Math.floor(rng() * EVENT_TYPES.length)] ?? 'song.started';
      return {
        type: ROOM_EVENT_RECORD,
        data: { id: nextId(at), type, room, seq, at: at - 5, data: { n: opIndex }, receivedAt: at },
      };
    });
    await journal.appendAll(events);
    logger.info({ i: opIndex }, 'op');
    if (opMs > 0) await new Promise((r) => setTimeout(r, opMs));
  }
  if (!stopping) {
    const lastSeq = journal.lastSeq();
    await new Promise<void>((resolve) => {
      const check = () => {
        const s = link.state();
        if (stopping || (s.cursor >= lastSeq && s.waiting === 0)) resolve();
        else setTimeout(check, 20);
      };
      check();
    });
    if (!stopping) logger.info({ lastSeq }, 'drained');
    await stop;
  }
  clearInterval(stateTimer);
  await link.stop();
  await journal.close();
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
