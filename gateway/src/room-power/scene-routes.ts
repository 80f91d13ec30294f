import type { SceneSettings } from '@ktv/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SceneSettingsInput } from '../settings/scene-settings.js';

export interface SceneAdminApi {
  scenes(): SceneSettings;
  saveScenes(input: SceneSettingsInput): Promise<SceneSettings>;
}

export type RequireAdmin = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/**
 * `GET /api/scenes`: the light scenes and idle time; `PUT /api/scenes` `{ idleMinutes, scenes }`:
 * saved as the next version and sent to every room (schema-checked: 400 KTV_E_BAD_REQUEST).
 */
export function sceneRoutes(api: SceneAdminApi) {
  return async (app: FastifyInstance, requireAdmin: RequireAdmin): Promise<void> => {
    app.get('/api/scenes', { preHandler: requireAdmin }, async () => ({ settings: api.scenes() }));
    app.put<{ Body: SceneSettingsInput }>(
      '/api/scenes',
      { preHandler: requireAdmin, schema: { body: SceneSettingsInput } },
      async (request) => ({ settings: await api.saveScenes(request.body) }),
    );
  };
}
