import type { Logger } from 'pino';
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from '../link/backoff.js';
import type { Clock } from '../time/clock.js';
import { prefetchOrder } from './lru.js';
import type { MediaCache } from './media-cache.js';

export interface PrefetcherOptions {
  cache: MediaCache;
  /** Queued songs fetched ahead (the playing one comes first and does not count). */
  limit: number;
  clock: Clock;
  logger: Logger;
  backoff?: BackoffOptions;
}

/**
 * Fetches the queue's songs (已点) into the media cache ahead of time, one at a time, in queue
 * order, and pins them (with the playing song) against eviction. A failure (gateway down) is
 * retried with backoff; a queue change starts over with the new order.
 */
export class Prefetcher {
  private playing: string | null = null;
  private queue: string[] = [];
  private running: Promise<void> | null = null;
  private cancelRetry: (() => void) | null = null;
  private failures = 0;
  private stopped = false;
  /** The files fetched, in order (tests and logs). */
  readonly fetched: string[] = [];

  constructor(private readonly o: PrefetcherOptions) {}

  /** The playing song's file and the queued songs' files (cache paths only), in queue order. */
  update(playing: string | null, queue: readonly string[]): void {
    const own = (f: string) => this.o.cache.owns(f);
    this.playing = playing !== null && own(playing) ? playing : null;
    this.queue = queue.filter(own);
    this.o.cache.pin([...(this.playing ? [this.playing] : []), ...this.queue]);
    this.kick();
  }

  /** Resolves when nothing is being fetched (tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelRetry?.();
    await this.idle();
  }

  private kick(): void {
    if (this.running || this.stopped) return;
    if (this.cancelRetry) {
      this.cancelRetry();
      this.cancelRetry = null;
    }
    this.running = this.run().finally(() => {
      this.running = null;
    });
  }

  private next(): string | undefined {
    return prefetchOrder(this.queue, (f) => this.o.cache.has(f), this.o.limit, this.playing)[0];
  }

  private async run(): Promise<void> {
    for (let file = this.next(); file !== undefined && !this.stopped; file = this.next()) {
      try {
        await this.o.cache.ensure(file);
        this.fetched.push(file);
        this.failures = 0;
      } catch (e) {
        const delay = backoffDelay(this.failures++, this.o.backoff ?? DEFAULT_BACKOFF);
        this.o.logger.warn({ file, err: (e as Error).message, retryInMs: delay }, 'prefetch failed');
        this.cancelRetry = this.o.clock.setTimeout(() => {
          this.cancelRetry = null;
          this.kick();
        }, delay);
        return;
      }
    }
  }
}
