import {
  type CatalogSong,
  ErrorCodes,
  GUEST_SCENES,
  type GuestScene,
  type RoomCommand,
  type RoomEventInput,
  type SearchIndex,
} from '@ktv/protocol';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { enttecDmxMessage } from '../hardware/lights/enttec-pro.js';
import { SimLights } from '../hardware/lights/sim-lights.js';
import { SimOutputs } from '../hardware/outputs/sim-outputs.js';
import { SimTv } from '../hardware/tv/sim-tv.js';
import type { Clock } from '../time/clock.js';
import { ShiftedClock } from '../time/shifted-clock.js';
import { powerDevices, type RoomPowerPorts } from './devices.js';
import { PowerController } from './power-controller.js';
import { filePowerStore } from './power-store.js';

export interface RoomPowerOptions {
  ports: RoomPowerPorts;
  clock: Clock;
  dataDir: string;
  record: (event: RoomEventInput) => Promise<unknown>;
  logger: Logger;
  /** The playing song's tempo (catalog `bpm`), or null. */
  bpm: () => number | null;
}

export const PowerErrorCodes = {
  /** A light scene asked for while no session runs. */
  NOT_IN_USE: 'KTV_E_POWER_NOT_IN_USE',
} as const;

/**
 * The room's power as one feature of the agent: the controller, fed by the gateway's commands
 * (`session.update`, `room.status`, `scenes.update`), by the room's own events (sensors, songs)
 * and by the touchscreen's scene picker; plus its HTTP routes.
 */
export function createRoomPower(o: RoomPowerOptions) {
  const log = o.logger.child({ component: 'room-power' });
  const controller = new PowerController({
    clock: o.clock,
    devices: powerDevices(o.ports),
    store: filePowerStore(o.dataDir, (message) => log.warn(`${message}; the room waits for the gateway's word`)),
    record: o.record,
    logger: log,
    bpm: o.bpm,
  });
  const guard = (what: string, p: Promise<unknown>) =>
    void p.catch((e: unknown) => log.error({ err: e, what }, 'room power input failed'));

  return {
    controller,
    start: () => controller.start(),
    stop: () => controller.stop(),
    view: () => controller.view(),

    /** A command from the gateway; the session summary's id drives the rules, the rest is for screens. */
    command(command: RoomCommand): void {
      switch (command.type) {
        case 'session.update':
          guard('session', controller.session(command.data.session?.sessionId ?? null));
          break;
        case 'room.status':
          guard('status', controller.input({ kind: 'status', status: command.data.status, at: o.clock.now() }));
          break;
        case 'scenes.update':
          guard('scenes', controller.setScenes(command.data.settings));
          break;
        default:
          break;
      }
    },

    /** Every event the room records: sensors and songs are signs of life; a new song may bring a new tempo. */
    noteEvent(event: RoomEventInput): void {
      switch (event.type) {
        case 'sensor.changed':
          guard('activity', controller.activity(event.data.sensor === 'door' ? 'door' : 'motion'));
          break;
        case 'song.started':
        case 'song.ended':
          guard(
            'song',
            controller.activity('player').then(() => controller.songChanged()),
          );
          break;
        case 'queue.changed':
        case 'service.called':
          guard('activity', controller.activity('touch'));
          break;
        default:
          break;
      }
    },
  };
}
export type RoomPower = ReturnType<typeof createRoomPower>;

const tempoCache = new WeakMap<SearchIndex, Map<string, number>>();

/** The catalog tempo of a song (null when the catalog has none); the map is built once per catalog version. */
export function songTempo(index: SearchIndex | undefined, songId: string | null | undefined): number | null {
  if (!index || !songId) return null;
  let tempos = tempoCache.get(index);
  if (!tempos) {
    tempos = new Map();
    for (const song of index.songs as readonly CatalogSong[]) if (song.bpm !== undefined) tempos.set(song.id, song.bpm);
    tempoCache.set(index, tempos);
  }
  return tempos.get(songId) ?? null;
}

/** A clock the end-to-end tests may move forward: only with simulated sensors and KTV_AGENT_CLOCK_CONTROL=1. */
export function testClockFromEnv(simulated: boolean, env: NodeJS.ProcessEnv = process.env): ShiftedClock | undefined {
  return simulated && env.KTV_AGENT_CLOCK_CONTROL === '1' ? new ShiftedClock() : undefined;
}

const SceneBody = Type.Object(
  { scene: Type.Union(GUEST_SCENES.map((s) => Type.Literal(s))) },
  { additionalProperties: false },
);
const AdvanceBody = Type.Object(
  { ms: Type.Integer({ minimum: 0, maximum: 7 * 24 * 3_600_000 }) },
  { additionalProperties: false },
);

/**
 * `GET /api/power` (the room's power view), `POST /api/power/scene` `{ scene }` (the touchscreen's
 * 灯光模式; 409 KTV_E_POWER_NOT_IN_USE without a session); sim only: `GET /api/sim/power` (what
 * the simulated TV, relays and light controller received, light frames also as the exact bytes
 * of the DMX widget message) and `POST /api/sim/clock` `{ ms }` (moves a test clock forward).
 */
export function roomPowerRoutes(
  app: FastifyInstance,
  o: { power: RoomPower; ports: RoomPowerPorts; testClock?: ShiftedClock; onChange: () => void },
): void {
  const { power, ports } = o;
  app.get('/api/power', async () => power.view());
  app.post<{ Body: { scene: GuestScene } }>('/api/power/scene', { schema: { body: SceneBody } }, async (req, reply) => {
    const r = await power.controller.requestScene(req.body.scene);
    if (!r.ok) {
      return reply
        .code(409)
        .send({ code: PowerErrorCodes.NOT_IN_USE, message: 'no session runs in this room: no light scene to pick' });
    }
    o.onChange();
    return power.view();
  });

  const notSim = { code: ErrorCodes.NOT_SIM, message: 'this device has real hardware; sim routes are off' };
  app.get('/api/sim/power', async (_req, reply) => {
    const { tv, outputs, lights } = ports;
    if (!(tv instanceof SimTv) || !(outputs instanceof SimOutputs) || !(lights instanceof SimLights)) {
      return reply.code(404).send(notSim);
    }
    return {
      tv: { status: tv.status, input: tv.input ?? null, history: tv.history },
      outputs: { levels: outputs.levels(), history: outputs.history },
      lights: {
        frames: lights.frames.map((f) => ({
          at: f.at,
          look: f.look,
          wire: enttecDmxMessage(Uint8Array.from(f.slots)).toString('hex'),
        })),
      },
      power: power.view(),
    };
  });
  app.post<{ Body: { ms: number } }>('/api/sim/clock', { schema: { body: AdvanceBody } }, async (req, reply) => {
    if (!o.testClock) return reply.code(404).send(notSim);
    return { now: o.testClock.advance(req.body.ms) };
  });
}
