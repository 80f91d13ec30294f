import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { realTimers, type Timers } from '../../business/alerts/alert-monitor.js';
import type { CloudConfig } from '../../config/cloud-schema.js';
import type { Logger } from '../../logger.js';
import { DOWNLINK_KINDS, MAX_PUSH_BYTES } from './schemas.js';

export interface HttpsPollOptions {
  /** The cloud's HTTPS URL (cloud.https.url); pushes are asked of {origin}/v1/stores/{store}/down/{kind}. */
  url: string;
  storeId: string;
  token?: string;
  /** The cloud's CA, pinned (the only CA trusted), like the batches' POSTs. */
  ca?: Buffer;
  servername?: string;
  pollMs: number;
  timeoutMs: number;
  /** CloudDownlink.receive. */
  receive: (kind: string, payload: Buffer) => Promise<unknown>;
  timers: Timers;
  logger: Logger;
}

/** What one GET answered. */
export type PollAnswer = { status: number; body: Buffer; etag: string | undefined };

/**
 * With the HTTPS transport, pushes from head office are fetched: every pollMs a GET per kind to
 * {origin}/v1/stores/{store}/down/{kind} with the store's bearer token over TLS with the cloud's CA
 * pinned. 200: the body is the signed envelope, handed to CloudDownlink.receive (which checks it
 * and ignores the very document it already applied); 204 / 304 / 404: nothing new. The ETag of the
 * last answer is sent back (If-None-Match) so an unchanged document is not fetched again.
 */
export class HttpsDownlinkPoll {
  private timer: unknown;
  private stopped = false;
  private readonly etags = new Map<string, string>();
  private readonly log: Logger;

  constructor(private readonly o: HttpsPollOptions) {
    this.log = o.logger.child({ component: 'cloud-downlink-poll' });
  }

  start(): void {
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = this.o.timers.setTimeout(() => {
      void this.pollNow().finally(() => this.schedule(this.o.pollMs));
    }, ms);
  }

  urlOf(kind: string): URL {
    return new URL(`/v1/stores/${encodeURIComponent(this.o.storeId)}/down/${kind}`, this.o.url);
  }

  /** One round over every kind; a failure is logged and the next round tries again. */
  async pollNow(): Promise<void> {
    for (const kind of DOWNLINK_KINDS) {
      if (this.stopped) return;
      try {
        const answer = await this.get(kind);
        if (answer.status === 200) {
          if (answer.etag) this.etags.set(kind, answer.etag);
          await this.o.receive(kind, answer.body);
        } else if (answer.status !== 204 && answer.status !== 304 && answer.status !== 404) {
          this.log.warn({ kind, status: answer.status }, 'cloud push poll answered with an error');
        }
      } catch (e) {
        this.log.warn({ kind, err: e }, 'cloud push poll failed');
      }
    }
  }

  private get(kind: string): Promise<PollAnswer> {
    const url = this.urlOf(kind);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.o.token) headers.authorization = `Bearer ${this.o.token}`;
    const etag = this.etags.get(kind);
    if (etag) headers['if-none-match'] = etag;
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'GET',
          headers,
          ...(this.o.ca ? { ca: this.o.ca } : {}),
          ...(this.o.servername ? { servername: this.o.servername } : {}),
          rejectUnauthorized: true,
          timeout: this.o.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > MAX_PUSH_BYTES) {
              req.destroy(new Error(`push larger than ${MAX_PUSH_BYTES} bytes`));
              return;
            }
            chunks.push(c);
          });
          res.on('end', () => {
            const tag = res.headers.etag;
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks),
              etag: typeof tag === 'string' ? tag : undefined,
            });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', reject);
      req.end();
    });
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.o.timers.clearTimeout(this.timer);
  }
}

/** The poll as the gateway config describes it (cloud.https: url, token or tokenFile, caFile, servername). */
export async function httpsPollFromConfig(
  config: CloudConfig,
  storeId: string,
  receive: HttpsPollOptions['receive'],
  logger: Logger,
): Promise<HttpsDownlinkPoll> {
  const h = config.https;
  const token = h.token ?? (h.tokenFile === undefined ? undefined : (await readFile(h.tokenFile, 'utf8')).trim());
  const ca = h.caFile === undefined ? undefined : await readFile(h.caFile);
  return new HttpsDownlinkPoll({
    url: h.url,
    storeId,
    pollMs: config.pollSec * 1000,
    timeoutMs: h.timeoutMs,
    receive,
    timers: realTimers,
    logger,
    ...(token === undefined ? {} : { token }),
    ...(ca === undefined ? {} : { ca }),
    ...(h.servername === undefined ? {} : { servername: h.servername }),
  });
}
