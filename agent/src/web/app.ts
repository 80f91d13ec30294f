import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import { catalogs, ErrorCodes, type Lang } from '@ktv/protocol';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { shippedFolder } from '../assets.js';
import { type PlaybackRouteDeps, playbackRoutes } from './playback-routes.js';
import { type SearchRouteDeps, searchRoutes } from './search-routes.js';
import type { AgentStateView } from './state-view.js';

/** The sim panel's controls (present only when the sensors run on the simulated driver). */
export interface SimControls {
  door(open: boolean): void;
  motion(): void;
  call(): void;
}

export interface WebDeps {
  view: () => AgentStateView;
  /** Subscribes to state changes; returns the unsubscribe function. */
  onChange: (listener: () => void) => () => void;
  /** The touchscreen's call button; resolves when the resulting event is durable. */
  call: () => Promise<void>;
  sim: SimControls | undefined;
  defaultLang: Lang;
  logger: Logger;
  /** Songs, queue, player and volume routes (absent: the agent runs without playback). */
  playback?: Omit<PlaybackRouteDeps, 'view'>;
  /** Song search, singers, charts over the room's catalog (issue #4). */
  search?: SearchRouteDeps;
}

/** Error code of a sim route on a device with real hardware (see docs/interfaces.md). */

const doorBody = {
  type: 'object',
  required: ['open'],
  additionalProperties: false,
  properties: { open: { type: 'boolean' } },
} as const;

/** The agent's web app (touchscreen, API, websocket); listening is the caller's job. */
export async function buildWebApp(deps: WebDeps): Promise<FastifyInstance> {
  const logger: FastifyBaseLogger = deps.logger;
  const app: FastifyInstance = Fastify({ loggerInstance: logger });
  await app.register(fastifyWebsocket);
  await app.register(fastifyStatic, { root: shippedFolder('agent/ui/public'), prefix: '/' });
  await app.register(fastifyStatic, { root: shippedFolder('agent/ui/dist'), prefix: '/ui/', decorateReply: false });

  app.get('/api/i18n', async () => ({ defaultLang: deps.defaultLang, catalogs }));
  app.get('/api/state', async () => deps.view());
  app.post('/api/call', async () => {
    await deps.call();
    return deps.view();
  });

  const simOnly = (run: (sim: SimControls) => void) => async (_req: unknown, reply: FastifyReply) => {
    if (!deps.sim) {
      return reply
        .code(404)
        .send({ code: ErrorCodes.NOT_SIM, message: 'this device has real sensors; sim routes are off' });
    }
    run(deps.sim);
    return { ok: true };
  };
  app.post<{ Body: { open: boolean } }>('/api/sim/door', { schema: { body: doorBody } }, async (req, reply) =>
    simOnly((sim) => sim.door(req.body.open))(req, reply),
  );
  app.post(
    '/api/sim/motion',
    simOnly((sim) => sim.motion()),
  );
  app.post(
    '/api/sim/call',
    simOnly((sim) => sim.call()),
  );

  if (deps.playback) await app.register(playbackRoutes({ ...deps.playback, view: deps.view }));
  if (deps.search) await app.register(searchRoutes(deps.search));

  app.get('/api/ws', { websocket: true }, (socket) => {
    const push = () => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ type: 'state', state: deps.view() }));
    };
    push();
    const off = deps.onChange(push);
    socket.on('close', off);
  });

  return app;
}
