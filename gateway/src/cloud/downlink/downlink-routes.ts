import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DownlinkView } from './cloud-downlink.js';

/**
 * `GET /api/cloud/downlink`: what head office pushed (versions applied, catalog announcements)
 * and, per rate plan and menu item, the cloud value beside the store's own (local override).
 * Read-only: the store edits its settings as before; the next push keeps those edits.
 */
export function downlinkRoutes(view: () => DownlinkView | null) {
  return async (
    app: FastifyInstance,
    requireAdmin: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
  ): Promise<void> => {
    app.get('/api/cloud/downlink', { preHandler: requireAdmin }, async () => view() ?? { enabled: false });
  };
}
