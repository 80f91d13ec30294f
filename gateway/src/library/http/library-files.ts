import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LibraryBackend } from '../library-api.js';
import { sendFile } from './send-file.js';

export interface LibraryFilesOptions {
  library: LibraryBackend;
  /** True for a signed-in admin (the admin session). */
  isAdmin(request: FastifyRequest): boolean;
}

export const LibraryHttpErrors = {
  UNAUTHORIZED: {
    code: 'KTV_E_UNAUTHORIZED',
    message: 'room device credentials (HTTP Basic) or an admin session needed',
  },
  NOT_FOUND: { code: 'KTV_E_NOT_FOUND', message: 'not found' },
} as const;

function basicCredentials(header: string | undefined): { username: string; password: string } | undefined {
  if (!header?.startsWith('Basic ')) return undefined;
  const text = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0) return undefined;
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

/**
 * `GET /library/catalog/:file` (snapshots and deltas), `GET /library/media/:songId[/:version]`
 * and `GET /library/lyrics/:songId[/:version]`, with Range requests; for room devices (HTTP Basic
 * with their MQTT username and password) and signed-in admins.
 */
export async function libraryFiles(app: FastifyInstance, options: LibraryFilesOptions): Promise<void> {
  const { library } = options;
  if (!library) throw new Error('libraryFiles: the library option is required');

  const guard = async (request: FastifyRequest, reply: FastifyReply) => {
    if (options.isAdmin(request)) return;
    const creds = basicCredentials(request.headers.authorization);
    if (creds && (await library.authenticateDevice(creds.username, creds.password))) return;
    return reply
      .code(401)
      .header('www-authenticate', 'Basic realm="ktv-library", charset="UTF-8"')
      .send(LibraryHttpErrors.UNAUTHORIZED);
  };

  const serve = async (request: FastifyRequest, reply: FastifyReply, file: string | undefined) => {
    if (file && (await sendFile(request, reply, file))) return reply;
    return reply.code(404).send(LibraryHttpErrors.NOT_FOUND);
  };

  app.get<{ Params: { file: string } }>('/library/catalog/:file', { preHandler: guard }, (request, reply) =>
    serve(request, reply, library.catalogFile(request.params.file)),
  );
  for (const path of ['/library/media/:songId', '/library/media/:songId/:version']) {
    app.get<{ Params: { songId: string } }>(path, { preHandler: guard }, (request, reply) =>
      serve(request, reply, library.mediaFile(request.params.songId)),
    );
  }
  for (const path of ['/library/lyrics/:songId', '/library/lyrics/:songId/:version']) {
    app.get<{ Params: { songId: string } }>(path, { preHandler: guard }, (request, reply) =>
      serve(request, reply, library.lyricsFile(request.params.songId)),
    );
  }
}
