import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { CatalogAnnouncement, CatalogDelta, CatalogSnapshot } from '@ktv/protocol';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * A stand-in for the gateway's library routes (tests): `GET /library/catalog/:file` and
 * `GET /library/media/:songId` (Range), HTTP Basic auth. `down = true` drops every connection
 * (the gateway is gone); `requests` lists what was asked, with the Range header.
 */
export class StandInLibrary {
  readonly files = new Map<string, Buffer>();
  readonly media = new Map<string, Buffer>();
  readonly requests: { path: string; range: string | null; status: number }[] = [];
  down = false;
  /** Media answers stop after this many bytes of the body (a cut connection), once per song. */
  readonly cutAfter = new Map<string, number>();
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly username: string,
    private readonly password: string,
  ) {}

  async start(): Promise<string> {
    const server = createServer((req, res) => this.handle(req, res));
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      if (this.down) s.destroy();
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Publishes a snapshot file; answers what the announcement lists for it. */
  putSnapshot(snapshot: CatalogSnapshot, corrupt = false): { path: string; sha256: string; bytes: number } {
    const body = gzipSync(JSON.stringify(snapshot));
    const path = `/library/catalog/${snapshot.version}.json.gz`;
    this.files.set(path, corrupt ? Buffer.concat([body, Buffer.from('x')]) : body);
    return { path, sha256: sha256(body), bytes: body.length };
  }

  putDelta(delta: CatalogDelta): { from: number; path: string; sha256: string; bytes: number } {
    const body = gzipSync(JSON.stringify(delta));
    const path = `/library/catalog/${delta.from}-${delta.to}.json.gz`;
    this.files.set(path, body);
    return { from: delta.from, path, sha256: sha256(body), bytes: body.length };
  }

  announcement(snapshot: CatalogSnapshot, deltas: CatalogDelta[] = [], corrupt = false): CatalogAnnouncement {
    return {
      version: snapshot.version,
      songs: snapshot.songs.length,
      snapshot: this.putSnapshot(snapshot, corrupt),
      deltas: deltas.map((d) => this.putDelta(d)),
      at: Date.now(),
    };
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const range = req.headers.range ?? null;
    const done = (status: number) => this.requests.push({ path, range, status });
    if (this.down) {
      req.socket.destroy();
      return;
    }
    const expected = `Basic ${Buffer.from(`${this.username}:${this.password}`).toString('base64')}`;
    if (req.headers.authorization !== expected) {
      done(401);
      res.writeHead(401, { 'www-authenticate': 'Basic' }).end();
      return;
    }
    const mediaId = path.startsWith('/library/media/') ? path.slice('/library/media/'.length) : null;
    const body = mediaId !== null ? this.media.get(mediaId) : this.files.get(path);
    if (!body) {
      done(404);
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"code":"KTV_E_NOT_FOUND","message":"no such file"}');
      return;
    }
    let start = 0;
    let status = 200;
    const m = range ? /^bytes=(\d+)-$/.exec(range) : null;
    if (m) {
      start = Number(m[1]);
      if (start >= body.length) {
        done(416);
        res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
        return;
      }
      status = 206;
    }
    const part = body.subarray(start);
    const headers: Record<string, string | number> = { 'content-length': part.length, 'accept-ranges': 'bytes' };
    if (status === 206) headers['content-range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
    done(status);
    res.writeHead(status, headers);
    const cut = mediaId !== null ? this.cutAfter.get(mediaId) : undefined;
    if (cut !== undefined && mediaId !== null) {
      this.cutAfter.delete(mediaId);
      // A FIN after the bytes (not a reset), so the room surely got them before the cut.
      res.write(part.subarray(0, cut), () => res.socket?.end());
      return;
    }
    res.end(part);
  }
}
