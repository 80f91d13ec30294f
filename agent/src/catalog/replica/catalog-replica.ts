import type { CatalogAnnouncement } from '@ktv/protocol';
import type { Logger } from 'pino';
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from '../../link/backoff.js';
import type { Clock } from '../../time/clock.js';
import type { CatalogHolder } from '../catalog-holder.js';
import type { RoomCatalog } from '../room-catalog.js';
import type { CatalogFiles } from './catalog-files.js';
import { fetchVerified, type GatewayHttp } from './gateway-http.js';
import { planUpdate } from './plan-update.js';
import type { PreparedVersion, VersionJob } from './prepare-version.js';

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
  /**
   * Decodes, writes and indexes a version (the slow part): prepareInWorker, off the event loop;
   * prepareVersion inline in tests that do not care.
   */
  prepare: (job: VersionJob) => Promise<PreparedVersion | null>;
  /** Turns a prepared version into the room's catalog in small steps (assembleRoomCatalog). */
  assemble: (prepared: PreparedVersion) => Promise<RoomCatalog>;
  clock: Clock;
  logger: Logger;
  backoff?: BackoffOptions;
}

/**
 * The room's copy of the store's catalog. Follows the retained `store/catalog` announcement:
 * fetches the delta from its version (or the snapshot), checks the sha256; a worker thread decodes
 * it, writes it durably (DATA/catalog) and builds its search index (saved too, so a restart loads
 * it); the room assembles it in small steps and swaps it in one assignment. A failure keeps the old
 * catalog and is retried with backoff. Search never waits for the gateway.
 */
export class CatalogReplica {
  /** The version on disk and in use. */
  private localVersion: number | null = null;
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

  /** Loads the version on disk (if any) with its saved index, and swaps it in; a damaged copy is reported and ignored. */
  async open(): Promise<void> {
    try {
      const prepared = await this.o.prepare({ kind: 'open', dir: this.o.files.dir });
      if (prepared) {
        await this.install(prepared);
        this.o.logger.info(
          {
            version: prepared.version,
            songs: prepared.songCount,
            index: prepared.indexLoaded ? 'loaded' : 'built',
            indexMs: Math.round(prepared.indexMs),
          },
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
      const plan = planUpdate(this.localVersion, target, this.refusedDeltas);
      if (plan.kind === 'none') return;
      this.update({ updating: true });
      try {
        const bytes = await fetchVerified(this.o.http, plan.path, plan.sha256);
        if (this.stopped) return;
        const dir = this.o.files.dir;
        const job: VersionJob =
          plan.kind === 'snapshot'
            ? { kind: 'snapshot', dir, bytes, path: plan.path, version: target.version }
            : {
                kind: 'delta',
                dir,
                bytes,
                path: plan.path,
                from: this.localVersion ?? -1,
                to: target.version,
                at: target.at,
              };
        const prepared = await this.o.prepare(job);
        if (prepared === null) throw new Error('catalog job gave no version');
        if (this.stopped) return;
        await this.install(prepared, { updating: false, lastError: null, failures: 0 });
        this.o.logger.info(
          {
            version: prepared.version,
            songs: prepared.songCount,
            via: plan.kind,
            indexMs: Math.round(prepared.indexMs),
          },
          'catalog updated',
        );
      } catch (e) {
        const err = e as Error & { code?: unknown };
        const code = typeof err.code === 'string' ? err.code : 'KTV_E_CATALOG_UPDATE';
        if (plan.kind === 'delta') this.refusedDeltas.add(plan.path);
        const failures = this.state.failures + 1;
        this.update({
          updating: false,
          failures,
          lastError: { code, message: err.message, at: this.o.clock.now() },
        });
        if (plan.kind === 'delta') {
          this.o.logger.warn({ code, err: err.message }, 'catalog delta refused; fetching the snapshot');
          continue;
        }
        const delay = backoffDelay(failures - 1, this.o.backoff ?? DEFAULT_BACKOFF);
        this.o.logger.warn(
          { code, err: err.message, retryInMs: delay, keeps: this.localVersion },
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

  /** Assembles in small steps, then one assignment: searches see the old or the new catalog. */
  private async install(prepared: PreparedVersion, patch: Partial<ReplicaStatus> = {}): Promise<void> {
    const built = await this.o.assemble(prepared);
    this.localVersion = prepared.version;
    this.o.holder.swap(built);
    this.update({ ...patch, version: prepared.version, songs: prepared.songCount });
  }

  private update(patch: Partial<ReplicaStatus>): void {
    this.state = { ...this.state, ...patch };
    const status = this.status();
    for (const l of this.listeners) l(status);
  }
}
