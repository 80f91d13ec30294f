import { applyDelta, type CatalogAnnouncement, type CatalogSnapshot } from '@ktv/protocol';
import type { Logger } from 'pino';
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from '../../link/backoff.js';
import type { Clock } from '../../time/clock.js';
import type { CatalogHolder } from '../catalog-holder.js';
import type { RoomCatalog } from '../room-catalog.js';
import { CatalogFileError, type CatalogFiles, decodeDelta, decodeSnapshot } from './catalog-files.js';
import { DownloadError, fetchVerified, type GatewayHttp } from './gateway-http.js';
import { planUpdate } from './plan-update.js';

/** What the replica reports (GET /api/catalog/status, the touchscreen, logs). */
export interface ReplicaStatus {
  /** The version in use; null before the first catalog arrived. */
  version: number | null;
  songs: number;
  /** The newest version the gateway announced. */
  announced: number | null;
  updating: boolean;
  /** The last failure (`{ code, message }`), cleared by the next success. */
  lastError: { code: string; message: string; at: number } | null;
  /** Failed attempts since the last success. */
  failures: number;
}

export interface CatalogReplicaOptions {
  files: CatalogFiles;
  http: GatewayHttp;
  holder: CatalogHolder;
  /** Builds the playable catalog and its search index from a snapshot (the slow part). */
  build: (snapshot: CatalogSnapshot) => RoomCatalog;
  clock: Clock;
  logger: Logger;
  backoff?: BackoffOptions;
}

/** Lets the event loop answer pending requests before a long synchronous step. */
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The room's copy of the store's catalog. Follows the retained `store/catalog` announcement:
 * fetches the delta from its version (or the snapshot), checks the sha256, writes it durably
 * (DATA/catalog), builds the index and swaps it in one assignment. A failure keeps the old
 * catalog and is retried with backoff. Search never waits for the gateway.
 */
export class CatalogReplica {
  private local: CatalogSnapshot | null = null;
  private wanted: CatalogAnnouncement | null = null;
  private running: Promise<void> | null = null;
  private cancelRetry: (() => void) | null = null;
  private readonly refusedDeltas = new Set<string>();
  private stopped = false;
  private readonly listeners = new Set<(status: ReplicaStatus) => void>();
  private state: ReplicaStatus = {
    version: null,
    songs: 0,
    announced: null,
    updating: false,
    lastError: null,
    failures: 0,
  };

  constructor(private readonly o: CatalogReplicaOptions) {}

  status(): ReplicaStatus {
    return { ...this.state };
  }

  onStatus(listener: (status: ReplicaStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Loads the version on disk (if any) and swaps it in; a damaged copy is reported and ignored. */
  async open(): Promise<void> {
    try {
      const found = await this.o.files.readCurrent();
      if (found) {
        this.local = found.snapshot;
        await this.install(found.snapshot);
        this.o.logger.info(
          { version: found.snapshot.version, songs: found.snapshot.songs.length },
          'catalog replica loaded',
        );
      } else this.o.logger.info('no catalog replica yet; waiting for the gateway');
    } catch (e) {
      this.o.logger.error(
        { code: (e as { code?: string }).code, err: (e as Error).message },
        'catalog replica unreadable',
      );
    }
  }

  /** A `store/catalog` announcement (retained: every connect delivers the newest again). */
  announce(announcement: CatalogAnnouncement): void {
    if (this.stopped) return;
    if (this.wanted && this.wanted.version > announcement.version) return;
    this.wanted = announcement;
    this.update({ announced: announcement.version });
    if (this.cancelRetry) {
      // A new announcement is worth trying at once.
      this.cancelRetry();
      this.cancelRetry = null;
    }
    this.kick();
  }

  /** Resolves when no update is running (tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelRetry?.();
    this.cancelRetry = null;
    await this.idle();
    this.listeners.clear();
  }

  private kick(): void {
    if (this.running || this.stopped) return;
    this.running = this.run().finally(() => {
      this.running = null;
    });
  }

  private async run(): Promise<void> {
    while (!this.stopped && this.wanted) {
      const target = this.wanted;
      const plan = planUpdate(this.local?.version ?? null, target, this.refusedDeltas);
      if (plan.kind === 'none') return;
      this.update({ updating: true });
      try {
        const next = await this.fetchNext(target, plan);
        if (this.stopped) return;
        await this.o.files.commit(next);
        this.local = next;
        await this.install(next, { updating: false, lastError: null, failures: 0 });
        this.o.logger.info({ version: next.version, songs: next.songs.length, via: plan.kind }, 'catalog updated');
      } catch (e) {
        const err = e as Error & { code?: string };
        const code = e instanceof DownloadError || e instanceof CatalogFileError ? err.code : 'KTV_E_CATALOG_UPDATE';
        if (plan.kind === 'delta') this.refusedDeltas.add(plan.path);
        const failures = this.state.failures + 1;
        this.update({
          updating: false,
          failures,
          lastError: { code: code ?? 'KTV_E_CATALOG_UPDATE', message: err.message, at: this.o.clock.now() },
        });
        if (plan.kind === 'delta') {
          this.o.logger.warn({ code, err: err.message }, 'catalog delta refused; fetching the snapshot');
          continue;
        }
        const delay = backoffDelay(failures - 1, this.o.backoff ?? DEFAULT_BACKOFF);
        this.o.logger.warn(
          { code, err: err.message, retryInMs: delay, keeps: this.local?.version ?? null },
          'catalog update failed; old catalog kept',
        );
        this.cancelRetry = this.o.clock.setTimeout(() => {
          this.cancelRetry = null;
          this.kick();
        }, delay);
        return;
      }
    }
  }

  private async fetchNext(
    target: CatalogAnnouncement,
    plan: Exclude<ReturnType<typeof planUpdate>, { kind: 'none' }>,
  ): Promise<CatalogSnapshot> {
    const bytes = await fetchVerified(this.o.http, plan.path, plan.sha256);
    if (plan.kind === 'snapshot') {
      const snapshot = decodeSnapshot(bytes, plan.path);
      if (snapshot.version !== target.version) {
        throw new CatalogFileError(`${plan.path} holds version ${snapshot.version}, announced ${target.version}`);
      }
      return snapshot;
    }
    const delta = decodeDelta(bytes, plan.path);
    const local = this.local;
    if (!local || delta.from !== local.version || delta.to !== target.version) {
      throw new CatalogFileError(
        `${plan.path} goes ${delta.from} -> ${delta.to}, need ${local?.version} -> ${target.version}`,
      );
    }
    return { version: delta.to, createdAt: target.at, songs: applyDelta(local.songs, delta) };
  }

  /** Builds off the request path, then one assignment: searches see the old or the new catalog. */
  private async install(snapshot: CatalogSnapshot, patch: Partial<ReplicaStatus> = {}): Promise<void> {
    await yieldToLoop();
    const built = this.o.build(snapshot);
    this.o.holder.swap(built);
    this.update({ ...patch, version: snapshot.version, songs: snapshot.songs.length });
  }

  private update(patch: Partial<ReplicaStatus>): void {
    this.state = { ...this.state, ...patch };
    const status = this.status();
    for (const l of this.listeners) l(status);
  }
}
