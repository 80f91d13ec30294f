import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { Catalog } from '../catalog/types.js';
import { PlaybackError } from '../playback/playback-error.js';
import type { PlaybackService } from '../playback/playback-service.js';
import type { VolumeControl, VolumePatch } from './volume-control.js';

export interface PlaybackRouteDeps {
  catalog: Catalog;
  playback: PlaybackService;
  volume: VolumeControl;
  /** What the routes answer after a change: the whole state (as GET /api/state). */
  view: () => unknown;
}

const entryParams = {
  type: 'object',
  required: ['entryId'],
  properties: { entryId: { type: 'string', minLength: 1, maxLength: 128 } },
} as const;

const schemas = {
  enqueue: {
    body: {
      type: 'object',
      required: ['songId'],
      additionalProperties: false,
      properties: { songId: { type: 'string', minLength: 1, maxLength: 64 }, first: { type: 'boolean' } },
    },
  },
  entry: { params: entryParams },
  move: {
    params: entryParams,
    body: {
      type: 'object',
      required: ['toIndex'],
      additionalProperties: false,
      properties: { toIndex: { type: 'integer' } },
    },
  },
  vocals: {
    body: {
      type: 'object',
      required: ['mode'],
      additionalProperties: false,
      properties: { mode: { type: 'string', enum: ['vocalsOn', 'vocalsOff'] } },
    },
  },
  volume: {
    body: {
      type: 'object',
      additionalProperties: false,
      properties: {
        music: { type: 'integer', minimum: 0, maximum: 100 },
        mic: { type: 'integer', minimum: 0, maximum: 100 },
        muted: { type: 'boolean' },
      },
    },
  },
} as const;

/**
 * The playback API of docs/interfaces.md (Playback, issue #3), as a plugin: register it with
 * `app.register(playbackRoutes(deps))`. A malformed request is 400 KTV_E_QUEUE_OP.
 */
export function playbackRoutes(deps: PlaybackRouteDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.setErrorHandler((error: FastifyError, _req, reply) => {
      if (error.validation) return reply.code(400).send({ code: 'KTV_E_QUEUE_OP', message: error.message });
      throw error;
    });
    registerRoutes(app, deps);
  };
}

function registerRoutes(app: FastifyInstance, deps: PlaybackRouteDeps): void {
  const { playback } = deps;

  /** Runs a request; a refusal becomes `{ code, message }` with its HTTP status. */
  const act = async (reply: FastifyReply, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (e) {
      if (e instanceof PlaybackError) return reply.code(e.status).send({ code: e.code, message: e.message });
      throw e;
    }
    return deps.view();
  };

  // GET /api/songs (the full search) lives in search-routes.ts.
  app.post<{ Body: { songId: string; first?: boolean } }>(
    '/api/queue',
    { schema: schemas.enqueue },
    async (req, reply) => act(reply, () => playback.enqueue(req.body.songId, req.body.first ?? false)),
  );
  app.delete<{ Params: { entryId: string } }>('/api/queue/:entryId', { schema: schemas.entry }, async (req, reply) =>
    act(reply, () => playback.remove(req.params.entryId)),
  );
  app.post<{ Params: { entryId: string }; Body: { toIndex: number } }>(
    '/api/queue/:entryId/move',
    { schema: schemas.move },
    async (req, reply) => act(reply, () => playback.move(req.params.entryId, req.body.toIndex)),
  );
  app.post<{ Params: { entryId: string } }>(
    '/api/queue/:entryId/front',
    { schema: schemas.entry },
    async (req, reply) => act(reply, () => playback.moveToFront(req.params.entryId)),
  );

  app.post('/api/player/skip', async (_req, reply) => act(reply, () => playback.skip()));
  app.post('/api/player/replay', async (_req, reply) => act(reply, () => playback.replay()));
  app.post('/api/player/pause', async (_req, reply) => act(reply, () => playback.pause()));
  app.post('/api/player/resume', async (_req, reply) => act(reply, () => playback.resume()));
  app.post<{ Body: { mode: 'vocalsOn' | 'vocalsOff' } }>(
    '/api/player/vocals',
    { schema: schemas.vocals },
    async (req, reply) => act(reply, () => playback.setVocalMode(req.body.mode)),
  );

  app.post<{ Body: VolumePatch }>('/api/volume', { schema: schemas.volume }, async (req, reply) =>
    act(reply, () => deps.volume.set(req.body)),
  );
}
