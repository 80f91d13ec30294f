import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { promisify } from 'node:util';
import { gzip as gzipCb } from 'node:zlib';
import type { Logger } from '../logger.js';
import { classifyStatus, retryAfterMs } from './backoff.js';
import type { CloudClock } from './clock.js';
import { type CloudTransport, type OutBatch, SendError, type TransportHooks } from './transport.js';

const gzip = promisify(gzipCb);
const PIPELINE = 2;

export interface HttpsTransportOptions {
  url: string;
  storeId: string;
  token?: string;
  /** PEM of the cloud's CA: the only CA trusted (pinned); rejectUnauthorized is always on. */
  ca?: Buffer;
  servername?: string;
  batchMax: number;
  timeoutMs: number;
  clock: CloudClock;
  logger: Logger;
}

/** The NDJSON body of a batch: one cloud event per line. Pure. */
export function ndjson(batch: OutBatch): string {
  let text = '';
  for (const e of batch.events) text += `${JSON.stringify(e)}\n`;
  return text;
}

/**
 * HTTPS batches: each batch is one POST of gzip NDJSON with `Idempotency-Key: {batch key}` (the
 * same key on every retry of the same records) and `Authorization: Bearer {token}`. Two POSTs at
 * most at a time (the next batch is compressed and sent while the cloud stores one). A 2xx acknowledges the whole batch; the status decides the rest (see classifyStatus): the
 * forwarder retries with backoff, honours Retry-After, parks a batch the cloud will never take.
 * The link counts as connected while the last POST got an HTTP answer.
 */
export class HttpsTransport implements CloudTransport {
  readonly kind = 'https';
  /** POSTs under way (at most PIPELINE: the next batch is compressed and sent while one is stored). */
  private busy = 0;
  private up = false;
  private stopped = false;
  private hooks: TransportHooks = { onConnected: () => undefined };
  private readonly agent: HttpAgent;
  private readonly target: URL;

  constructor(private readonly o: HttpsTransportOptions) {
    this.target = new URL(o.url);
    this.agent =
      this.target.protocol === 'https:'
        ? new HttpsAgent({
            keepAlive: true,
            maxSockets: PIPELINE,
            rejectUnauthorized: true,
            ...(o.ca ? { ca: o.ca } : {}),
            ...(o.servername ? { servername: o.servername } : {}),
          })
        : new HttpAgent({ keepAlive: true, maxSockets: PIPELINE });
  }

  start(hooks: TransportHooks): void {
    this.hooks = hooks;
  }

  connected(): boolean {
    return this.up;
  }

  room(): number {
    return this.busy >= PIPELINE || this.stopped ? 0 : this.o.batchMax;
  }

  private setUp(up: boolean): void {
    if (up === this.up) return;
    this.up = up;
    this.o.logger[up ? 'info' : 'warn']({ url: this.o.url }, up ? 'cloud link up (https)' : 'cloud link down (https)');
    this.hooks.onConnected(up);
  }

  async send(batch: OutBatch, onAck: (jseq: number) => void): Promise<void> {
    if (this.busy >= PIPELINE) throw new SendError({ kind: 'retry', detail: 'POSTs are under way' });
    this.busy += 1;
    try {
      const body = await gzip(Buffer.from(ndjson(batch), 'utf8'));
      let res: { status: number; headers: IncomingMessage['headers']; text: string };
      try {
        res = await this.post(body, batch.key, batch.events.length);
      } catch (e) {
        this.setUp(false);
        throw new SendError({ kind: 'retry', detail: (e as Error).message });
      }
      this.setUp(true);
      const retryAfter = retryAfterMs(
        typeof res.headers['retry-after'] === 'string' ? res.headers['retry-after'] : undefined,
        this.o.clock.now(),
      );
      const outcome = classifyStatus(res.status, retryAfter);
      const detail = `HTTP ${res.status} ${res.text.slice(0, 200)}`;
      if (outcome.kind === 'acked') {
        for (const e of batch.events) onAck(e.jseq);
        return;
      }
      if (outcome.kind === 'park') {
        const refused = res.status === 401 || res.status === 403;
        throw new SendError({ kind: refused ? 'refused' : 'park', status: res.status, detail });
      }
      throw new SendError({
        kind: 'retry',
        status: res.status,
        detail,
        ...(outcome.afterMs !== undefined ? { afterMs: outcome.afterMs } : {}),
      });
    } finally {
      this.busy -= 1;
    }
  }

  private post(
    body: Buffer,
    key: string,
    count: number,
  ): Promise<{ status: number; headers: IncomingMessage['headers']; text: string }> {
    const request = this.target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request(
        this.target,
        {
          method: 'POST',
          agent: this.agent,
          timeout: this.o.timeoutMs,
          ...(this.target.protocol === 'https:'
            ? {
                rejectUnauthorized: true,
                ...(this.o.ca ? { ca: this.o.ca } : {}),
                ...(this.o.servername ? { servername: this.o.servername } : {}),
              }
            : {}),
          headers: {
            'content-type': 'application/x-ndjson',
            'content-encoding': 'gzip',
            'content-length': String(body.length),
            'idempotency-key': key,
            'x-ktv-store': this.o.storeId,
            'x-ktv-count': String(count),
            ...(this.o.token ? { authorization: `Bearer ${this.o.token}` } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.o.timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.agent.destroy();
  }
}
