import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { etagOf, ifRangeMatches, planRange } from './range.js';

const TYPES: Record<string, string> = {
  '.mkv': 'video/x-matroska',
  '.mp4': 'video/mp4',
  '.mpg': 'video/mpeg',
  '.mpeg': 'video/mpeg',
  '.vob': 'video/mpeg',
  '.avi': 'video/x-msvideo',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.flac': 'audio/flac',
  '.wav': 'audio/wav',
  '.lrc': 'text/plain; charset=utf-8',
  '.gz': 'application/gzip',
};

/**
 * Sends a file with Range support: 200 (whole), 206 with Content-Range, 416 with
 * `Content-Range: bytes *\/size`; ETag, Last-Modified, If-None-Match (304), If-Range.
 * Returns false when the file is not there (the caller answers 404).
 */
export async function sendFile(request: FastifyRequest, reply: FastifyReply, file: string): Promise<boolean> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(file);
  } catch {
    return false;
  }
  if (!info.isFile()) return false;
  const size = info.size;
  const etag = etagOf(size, info.mtimeMs);
  const lastModified = info.mtime.toUTCString();
  reply.header('accept-ranges', 'bytes');
  reply.header('etag', etag);
  reply.header('last-modified', lastModified);
  reply.header('content-type', TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream');
  if (request.headers['if-none-match'] === etag) {
    reply.code(304).send();
    return true;
  }
  const rangeHeader = request.headers.range;
  const ifRangeHeader = request.headers['if-range'];
  const ifRange = typeof ifRangeHeader === 'string' ? ifRangeHeader : undefined;
  const plan = ifRangeMatches(ifRange, etag, lastModified) ? planRange(rangeHeader, size) : { kind: 'full' as const };
  if (plan.kind === 'unsatisfiable') {
    reply.code(416).header('content-range', `bytes */${size}`).send();
    return true;
  }
  if (plan.kind === 'partial') {
    reply.code(206);
    reply.header('content-range', `bytes ${plan.start}-${plan.end}/${size}`);
    reply.header('content-length', plan.end - plan.start + 1);
    reply.send(request.method === 'HEAD' ? '' : createReadStream(file, { start: plan.start, end: plan.end }));
    return true;
  }
  reply.code(200).header('content-length', size);
  reply.send(request.method === 'HEAD' ? '' : createReadStream(file));
  return true;
}
