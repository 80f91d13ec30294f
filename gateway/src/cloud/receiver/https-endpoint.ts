import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { gunzip as gunzipCb } from 'node:zlib';
import type { Logger } from '../../logger.js';
import type { CloudEvent } from '../cloud-event.js';
import { decodeCloudEvent } from './cloud-store.js';

const gunzip = promisify(gunzipCb);
const MAX_BODY = 64 * 1024 * 1024;
/** Answers remembered per Idempotency-Key (the newest ones). */
const KEYS_KEPT = 20_000;

export interface EndpointOptions {
  host: string;
  port: number;
  cert?: Buffer;
  key?: Buffer;
  /** Bearer tokens accepted; none = no check. */
  tokens?: readonly string[];
  logger: Logger;
  store(events: CloudEvent[]): Promise<{ added: number; duplicates: number }>;
  onInvalid(count: number): void;
  stats(): unknown;
}

interface Answer {
  status: number;
  body: string;
}

/** Pure: NDJSON text to events; the line numbers (1-based) of lines that are not cloud events. */
export function parseNdjson(text: string): { events: CloudEvent[]; bad: number[] } {
  const events: CloudEvent[] = [];
  const bad: number[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      bad.push(i + 1);
      continue;
    }
    const e = decodeCloudEvent(value);
    if (e) events.push(e);
    else bad.push(i + 1);
  }
  return { events, bad };
}

/**
 * The receiver's HTTPS side: `POST /v1/events` takes a (gzip) NDJSON batch of cloud events and
 * answers 200 `{accepted, duplicates}` only after the new ones are on disk. A repeated
 * Idempotency-Key gets the first answer again (also while the first is still being stored) without
 * storing anything; a batch with a line that is not a cloud event is refused whole with 400 (the
 * gateway parks it). `GET /v1/stats` gives the counts.
 */
export class HttpsEndpoint {
  private server: Server | undefined;
  private readonly answers = new Map<string, Promise<Answer>>();
  private replayed = 0;

  constructor(private readonly o: EndpointOptions) {}

  replayedBatches(): number {
    return this.replayed;
  }

  async start(): Promise<number> {
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      void this.handle(req, res).catch((err: unknown) => {
        this.o.logger.error({ err }, 'cloud receiver: request failed');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"error":"internal"}');
      });
    };
    const server =
      this.o.cert && this.o.key
        ? createHttpsServer({ cert: this.o.cert, key: this.o.key }, handler)
        : createHttpServer(handler);
    server.keepAliveTimeout = 60_000;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.o.port, this.o.host, () => resolve());
    });
    return (server.address() as AddressInfo).port;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (a: Answer) => {
      res.writeHead(a.status, { 'content-type': 'application/json' });
      res.end(a.body);
    };
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/v1/stats') {
      send({ status: 200, body: JSON.stringify({ ...(this.o.stats() as object), replayedBatches: this.replayed }) });
      return;
    }
    if (req.method !== 'POST' || path !== '/v1/events') {
      send({ status: 404, body: '{"error":"not found"}' });
      return;
    }
    if (this.o.tokens && this.o.tokens.length > 0) {
      const auth = req.headers.authorization ?? '';
      if (!this.o.tokens.some((t) => auth === `Bearer ${t}`)) {
        req.resume();
        send({ status: 401, body: '{"error":"unauthorized"}' });
        return;
      }
    }
    const key = req.headers['idempotency-key'];
    const raw = await readBody(req);
    if (raw === undefined) {
      send({ status: 413, body: '{"error":"too large"}' });
      return;
    }
    if (typeof key === 'string' && key.length > 0) {
      const earlier = this.answers.get(key);
      if (earlier) {
        this.replayed += 1;
        send(await earlier);
        return;
      }
      const answer = this.process(raw, req.headers['content-encoding'] === 'gzip');
      this.answers.set(key, answer);
      if (this.answers.size > KEYS_KEPT) {
        const oldest = this.answers.keys().next().value;
        if (oldest !== undefined) this.answers.delete(oldest);
      }
      const a = await answer;
      if (a.status >= 500) this.answers.delete(key);
      send(a);
      return;
    }
    send(await this.process(raw, req.headers['content-encoding'] === 'gzip'));
  }

  private async process(raw: Buffer, gzipped: boolean): Promise<Answer> {
    let text: string;
    try {
      text = (gzipped ? await gunzip(raw) : raw).toString('utf8');
    } catch {
      return { status: 400, body: '{"error":"not gzip"}' };
    }
    const { events, bad } = parseNdjson(text);
    if (bad.length > 0) {
      this.o.onInvalid(bad.length);
      return { status: 400, body: JSON.stringify({ error: 'not cloud events', lines: bad.slice(0, 20) }) };
    }
    try {
      const r = await this.o.store(events);
      return { status: 200, body: JSON.stringify({ accepted: r.added, duplicates: r.duplicates }) };
    } catch (err) {
      this.o.logger.error({ err }, 'cloud receiver: store failed');
      return { status: 503, body: '{"error":"store failed"}' };
    }
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
