import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { StoreAlerts } from './store-alerts.js';

/** `GET /api/alerts`: the store-wide alerts (disk, clocks, refused cloud pushes), for the admin page. */
export function alertRoutes(alerts: StoreAlerts) {
  return async (
    app: FastifyInstance,
    requireAdmin: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
  ): Promise<void> => {
    app.get('/api/alerts', { preHandler: requireAdmin }, async () => ({ alerts: alerts.list() }));
  };
}
