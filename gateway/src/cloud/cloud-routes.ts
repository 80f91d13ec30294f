import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CloudLinkState } from './link-state.js';

/** `GET /api/cloud/link`: the cloud link panel's state (read-only: nothing here changes it). */
export function cloudRoutes(state: () => CloudLinkState) {
  return async (
    app: FastifyInstance,
    requireAdmin: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
  ): Promise<void> => {
    app.get('/api/cloud/link', { preHandler: requireAdmin }, async () => state());
  };
}
