import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { libraryFiles } from '../library/http/library-files.js';
import type { LibraryBackend } from '../library/library-api.js';
import { LibraryBusyError } from '../library/library-store.js';
import { AdminErrors, errorBody } from './errors.js';

const SearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  singer: Type.Optional(Type.String({ maxLength: 100 })),
  language: Type.Optional(Type.String({ maxLength: 32 })),
  category: Type.Optional(Type.String({ maxLength: 32 })),
  wordCount: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});
const ChartsQuery = Type.Object({
  kind: Type.Union([Type.Literal('week'), Type.Literal('all'), Type.Literal('new')], { default: 'week' }),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
});
const ImportBody = Type.Object(
  { path: Type.String({ minLength: 1, maxLength: 4096 }), pattern: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);

export interface LibraryRoutesOptions {
  library: LibraryBackend;
  requireAdmin: preHandlerAsyncHookHandler | ((request: FastifyRequest, reply: FastifyReply) => Promise<unknown>);
  isAdmin(request: FastifyRequest): boolean;
}

/**
 * The song library on the admin app: the rooms' files (`/library/...`, see library-files.ts) and
 * the admin page's `GET /api/library/stats`, `search`, `charts`, `POST /api/library/import`.
 */
export async function libraryRoutes(app: FastifyInstance, options: LibraryRoutesOptions): Promise<void> {
  const { library } = options;
  const requireAdmin = options.requireAdmin as preHandlerAsyncHookHandler;
  if (!library) throw new Error('libraryRoutes: the library option is required');
  await libraryFiles(app, { library, isAdmin: options.isAdmin });

  app.get('/api/library/stats', { preHandler: requireAdmin }, async () => library.status());

  app.get<{ Querystring: Static<typeof SearchQuery> }>(
    '/api/library/search',
    { preHandler: requireAdmin, schema: { querystring: SearchQuery } },
    async (request) => {
      const { q, ...rest } = request.query;
      return library.search({ ...rest, ...(q !== undefined ? { text: q } : {}) });
    },
  );

  app.get<{ Querystring: Static<typeof ChartsQuery> }>(
    '/api/library/charts',
    { preHandler: requireAdmin, schema: { querystring: ChartsQuery } },
    async (request) => ({ kind: request.query.kind, songs: library.charts(request.query.kind, request.query.limit) }),
  );

  app.post('/api/library/charts/publish', { preHandler: requireAdmin }, async () => {
    const announcement = await library.refreshCharts();
    return { version: announcement?.version ?? null };
  });

  app.post<{ Body: Static<typeof ImportBody> }>(
    '/api/library/import',
    { preHandler: requireAdmin, schema: { body: ImportBody } },
    async (request, reply) => {
      try {
        return await library.importPath(request.body.path, request.body.pattern);
      } catch (e) {
        if (e instanceof LibraryBusyError) return reply.code(409).send({ code: e.code, message: e.message });
        const err = e as NodeJS.ErrnoException;
        if (err.code === 'ENOENT')
          return reply
            .code(400)
            .send(errorBody(AdminErrors.BAD_REQUEST, `no such file or folder: ${request.body.path}`));
        throw e;
      }
    },
  );
}
