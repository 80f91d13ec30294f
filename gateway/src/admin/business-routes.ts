import { ID_PATTERN } from '@ktv/protocol';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { BusinessAdminApi } from '../business/business-module.js';
import { BusinessError } from '../business/errors.js';

/** Request schemas of the business routes (docs/interfaces.md, "Rooms as a business"). */
const RoomParams = Type.Object({ room: Type.String({ pattern: ID_PATTERN }) });
const SessionParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const LineParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  lineId: Type.String({ minLength: 1, maxLength: 64 }),
});
const Id = Type.String({ minLength: 1, maxLength: 64 });
const OpenBody = Type.Object(
  {
    ratePlanId: Id,
    packageId: Type.Optional(Id),
    memberLevel: Type.Optional(Id),
    prepaidMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 60 })),
  },
  { additionalProperties: false },
);
const ExtendBody = Type.Object(
  { minutes: Type.Integer({ minimum: 1, maximum: 12 * 60 }) },
  { additionalProperties: false },
);
const MoveBody = Type.Object({ toRoom: Type.String({ pattern: ID_PATTERN }) }, { additionalProperties: false });
const OrderBody = Type.Object(
  { itemId: Id, qty: Type.Integer({ minimum: 1, maximum: 999 }) },
  { additionalProperties: false },
);
/** The reason may be blank here so that the refusal carries its own code (KTV_E_VOID_REASON). */
const VoidBody = Type.Object({ reason: Type.String({ maxLength: 200 }) }, { additionalProperties: false });
const DiscountBody = Type.Object(
  { pct: Type.Integer({ minimum: 0, maximum: 100 }), reason: Type.String({ maxLength: 200 }) },
  { additionalProperties: false },
);
const BookBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 64 }), at: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);
const MaintenanceBody = Type.Object({ on: Type.Boolean() }, { additionalProperties: false });
const ClosedQuery = Type.Object(
  { closedSince: Type.Integer({ minimum: 0, default: 0 }), token: Type.Optional(Type.String()) },
  { additionalProperties: false },
);

export interface BusinessRoutesOptions {
  business: BusinessAdminApi;
  requireAdmin: preHandlerAsyncHookHandler | ((request: FastifyRequest, reply: FastifyReply) => Promise<unknown>);
}

/** Who did it, for the journal's `by`. */
function by(request: FastifyRequest): string {
  return request.adminUser ?? 'admin';
}

/**
 * The business admin API as a fastify plugin: validation by schema, refusals as
 * `{ code, message }` with their HTTP status (BusinessError), nothing else here.
 */
export async function businessRoutes(app: FastifyInstance, options: BusinessRoutesOptions): Promise<void> {
  const { business } = options;
  if (!business) throw new Error('businessRoutes: the business option is required');
  const preHandler = options.requireAdmin as preHandlerAsyncHookHandler;

  app.setErrorHandler((error: Error & { validation?: unknown; statusCode?: number }, _request, reply) => {
    if (error instanceof BusinessError)
      return reply.code(error.status).send({ code: error.code, message: error.message });
    if (error.validation) return reply.code(400).send({ code: 'KTV_E_BAD_REQUEST', message: error.message });
    if (error.statusCode && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ code: 'KTV_E_BAD_REQUEST', message: error.message });
    }
    app.log.error({ err: error }, 'business request failed');
    return reply.code(500).send({ code: 'KTV_E_INTERNAL', message: 'internal error' });
  });

  app.get('/api/business/settings', { preHandler }, async () => business.settingsView());

  app.post<{ Params: Static<typeof RoomParams>; Body: Static<typeof OpenBody> }>(
    '/api/rooms/:room/open',
    { preHandler, schema: { params: RoomParams, body: OpenBody } },
    async (request) => ({ session: await business.openSession(request.params.room, request.body, by(request)) }),
  );

  app.post<{ Params: Static<typeof SessionParams>; Body: Static<typeof ExtendBody> }>(
    '/api/sessions/:id/extend',
    { preHandler, schema: { params: SessionParams, body: ExtendBody } },
    async (request) => ({ session: await business.extend(request.params.id, request.body.minutes, by(request)) }),
  );

  app.post<{ Params: Static<typeof SessionParams>; Body: Static<typeof MoveBody> }>(
    '/api/sessions/:id/move',
    { preHandler, schema: { params: SessionParams, body: MoveBody } },
    async (request) => ({ session: await business.move(request.params.id, request.body.toRoom, by(request)) }),
  );

  app.post<{ Params: Static<typeof SessionParams>; Body: Static<typeof OrderBody> }>(
    '/api/sessions/:id/orders',
    { preHandler, schema: { params: SessionParams, body: OrderBody } },
    async (request) => business.addOrder(request.params.id, request.body.itemId, request.body.qty, by(request)),
  );

  app.post<{ Params: Static<typeof LineParams>; Body: Static<typeof VoidBody> }>(
    '/api/sessions/:id/orders/:lineId/void',
    { preHandler, schema: { params: LineParams, body: VoidBody } },
    async (request) => ({
      session: await business.voidOrder(request.params.id, request.params.lineId, request.body.reason, by(request)),
    }),
  );

  app.post<{ Params: Static<typeof SessionParams>; Body: Static<typeof DiscountBody> }>(
    '/api/sessions/:id/discount',
    { preHandler, schema: { params: SessionParams, body: DiscountBody } },
    async (request) => ({
      session: await business.discount(request.params.id, request.body.pct, request.body.reason, by(request)),
    }),
  );

  app.get<{ Params: Static<typeof SessionParams> }>(
    '/api/sessions/:id',
    { preHandler, schema: { params: SessionParams } },
    async (request) => business.session(request.params.id),
  );

  app.post<{ Params: Static<typeof SessionParams> }>(
    '/api/sessions/:id/checkout',
    { preHandler, schema: { params: SessionParams } },
    async (request) => business.checkout(request.params.id, by(request)),
  );

  app.get<{ Querystring: Static<typeof ClosedQuery> }>(
    '/api/sessions',
    { preHandler, schema: { querystring: ClosedQuery } },
    async (request) => ({ sessions: business.closedSince(request.query.closedSince) }),
  );

  app.post<{ Params: Static<typeof RoomParams> }>(
    '/api/rooms/:room/clean',
    { preHandler, schema: { params: RoomParams } },
    async (request) => ({ room: await business.changeRoom(request.params.room, { action: 'clean' }, by(request)) }),
  );

  app.post<{ Params: Static<typeof RoomParams>; Body: Static<typeof BookBody> }>(
    '/api/rooms/:room/book',
    { preHandler, schema: { params: RoomParams, body: BookBody } },
    async (request) => ({
      room: await business.changeRoom(
        request.params.room,
        { action: 'book', name: request.body.name, at: request.body.at },
        by(request),
      ),
    }),
  );

  app.post<{ Params: Static<typeof RoomParams> }>(
    '/api/rooms/:room/unbook',
    { preHandler, schema: { params: RoomParams } },
    async (request) => ({ room: await business.changeRoom(request.params.room, { action: 'unbook' }, by(request)) }),
  );

  app.post<{ Params: Static<typeof RoomParams>; Body: Static<typeof MaintenanceBody> }>(
    '/api/rooms/:room/maintenance',
    { preHandler, schema: { params: RoomParams, body: MaintenanceBody } },
    async (request) => ({
      room: await business.changeRoom(
        request.params.room,
        { action: request.body.on ? 'maintenanceOn' : 'maintenanceOff' },
        by(request),
      ),
    }),
  );
}
