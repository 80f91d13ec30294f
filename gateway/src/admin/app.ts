import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import { catalogs, DEFAULT_LANG } from '@ktv/protocol';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { shippedFolder } from '../assets.js';
import type { Logger } from '../logger.js';
import type { AdminBackend, LiveMessage } from './admin-api.js';
import { type BusinessRoutesOptions, businessRoutes } from './business-routes.js';
import { AdminErrors, errorBody } from './errors.js';
import { type LibraryRoutesOptions, libraryRoutes } from './library-routes.js';
import { EventsQuery, LoginBody, RoomParams } from './schemas.js';
import { type Sessions, sessionCookie, tokenFrom } from './sessions.js';

export interface AdminAppOptions {
  backend: AdminBackend;
  sessions: Sessions;
  logger: Logger;
  /** Rooms as a business (issue #5): the business routes are served when given. */
  business?: BusinessRoutesOptions['business'];
  /** The song library (issue #4): `/library/...` for rooms and `/api/library/...` when given. */
  library?: LibraryRoutesOptions['library'];
  /** More admin routes (room power scenes, energy hours, ...): each adds its routes with the admin check. */
  routes?: ((
    app: FastifyInstance,
    requireAdmin: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
  ) => Promise<void>)[];
  /** Folders served at / (static HTML/CSS) and /ui/ (compiled page scripts). */
  publicDir?: string;
  scriptsDir?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    adminUser?: string;
  }
}

/** The admin app (routes, websocket, static page) without listening: tests use inject(). */
export async function buildAdminApp(options: AdminAppOptions): Promise<FastifyInstance> {
  const { backend, sessions } = options;
  // Request logs are info level: only warnings and errors of the admin app reach stdout.
  const loggerInstance: FastifyBaseLogger = options.logger.child({ component: 'admin' }, { level: 'warn' });
  const app = Fastify({ loggerInstance });

  app.setErrorHandler((error: Error & { validation?: unknown; statusCode?: number }, _request, reply) => {
    if (error.validation) return reply.code(400).send(errorBody(AdminErrors.BAD_REQUEST, error.message));
    if (error.statusCode && error.statusCode < 500) {
      return reply.code(error.statusCode).send(errorBody(AdminErrors.BAD_REQUEST, error.message));
    }
    app.log.error({ err: error }, 'admin request failed');
    return reply.code(500).send(errorBody(AdminErrors.INTERNAL));
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send(errorBody(AdminErrors.NOT_FOUND)));

  await app.register(fastifyWebsocket);

  const requireAdmin = async (request: FastifyRequest, reply: FastifyReply) => {
    const user = sessions.lookup(tokenFrom(request.headers, request.query));
    if (!user) return reply.code(401).send(errorBody(AdminErrors.UNAUTHORIZED));
    request.adminUser = user;
  };

  app.get('/api/i18n', async () => ({ defaultLang: DEFAULT_LANG, catalogs }));

  app.post<{ Body: LoginBody }>('/api/login', { schema: { body: LoginBody } }, async (request, reply) => {
    const { username, password } = request.body;
    if (!(await backend.verifyAdmin(username, password))) {
      app.log.warn({ username }, 'admin login refused');
      return reply.code(401).send(errorBody(AdminErrors.LOGIN_FAILED));
    }
    const token = sessions.create(username);
    await sessions.saved(); // signed in for good: a restart right after keeps it
    reply.header('set-cookie', sessionCookie(token));
    return { token };
  });

  app.post('/api/logout', { preHandler: requireAdmin }, async (request, reply) => {
    const token = tokenFrom(request.headers, request.query);
    if (token) sessions.revoke(token);
    await sessions.saved(); // signed out for good: a restart right after does not bring it back
    reply.header('set-cookie', sessionCookie('').replace(/Max-Age=\d+/, 'Max-Age=0'));
    return { ok: true };
  });

  app.get('/api/rooms', { preHandler: requireAdmin }, async () => ({ rooms: await backend.rooms() }));
  app.get('/api/devices', { preHandler: requireAdmin }, async () => ({ devices: await backend.devices() }));
  app.get('/api/stats', { preHandler: requireAdmin }, async () => backend.stats());

  app.get<{ Params: RoomParams; Querystring: EventsQuery }>(
    '/api/rooms/:room/events',
    { preHandler: requireAdmin, schema: { params: RoomParams, querystring: EventsQuery } },
    async (request, reply) => {
      const events = backend.events(request.params.room, request.query.after);
      if (!events) return reply.code(404).send(errorBody(AdminErrors.UNKNOWN_ROOM));
      return { events };
    },
  );

  app.post<{ Params: RoomParams }>(
    '/api/rooms/:room/ack-call',
    { preHandler: requireAdmin, schema: { params: RoomParams } },
    async (request, reply) => {
      const sent = await backend.ackCall(request.params.room, request.adminUser ?? 'admin');
      if (!sent) return reply.code(404).send(errorBody(AdminErrors.UNKNOWN_ROOM));
      return { ok: true };
    },
  );

  if (options.business) await app.register(businessRoutes, { business: options.business, requireAdmin });
  if (options.library) {
    const isAdmin = (request: FastifyRequest) =>
      sessions.lookup(tokenFrom(request.headers, request.query)) !== undefined;
    await app.register(libraryRoutes, { library: options.library, requireAdmin, isAdmin });
  }

  for (const add of options.routes ?? []) await add(app, requireAdmin);

  app.get('/api/ws', { websocket: true, preHandler: requireAdmin }, (socket) => {
    let stopped = false;
    const send = (message: object) => {
      if (!stopped && socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    };
    // Everything is pushed at once except stats (which change with every event): at most every 100 ms.
    let statsTimer: NodeJS.Timeout | undefined;
    const unsubscribe = backend.subscribe((message: LiveMessage) => {
      if (message.type !== 'stats') return send(message);
      statsTimer ??= setTimeout(() => {
        statsTimer = undefined;
        send({ type: 'stats', stats: backend.stats() });
      }, 100);
    });
    socket.on('close', () => {
      stopped = true;
      unsubscribe();
      if (statsTimer) clearTimeout(statsTimer);
    });
    backend.rooms().then(
      (rooms) => send({ type: 'snapshot', rooms, stats: backend.stats() }),
      (e: unknown) => app.log.error({ err: e }, 'admin snapshot failed'),
    );
  });

  const publicDir = options.publicDir ?? shippedFolder('gateway/ui/public');
  const scriptsDir = options.scriptsDir ?? shippedFolder('gateway/ui/dist');
  if (existsSync(publicDir)) await app.register(fastifyStatic, { root: publicDir, prefix: '/' });
  if (existsSync(scriptsDir)) {
    await app.register(fastifyStatic, { root: scriptsDir, prefix: '/ui/', decorateReply: false });
  }
  return app;
}
