import { join, resolve } from 'node:path';
import type { CatalogAnnouncement } from '@ktv/protocol';
import type { Logger } from 'pino';
import type { AgentConfig } from '../config/types.js';
import type { BackoffOptions } from '../link/backoff.js';
import { cachingPlayer, type MediaSkip } from '../media-cache/caching-player.js';
import { MediaCache } from '../media-cache/media-cache.js';
import { Prefetcher } from '../media-cache/prefetcher.js';
import type { PlayerPort } from '../player/player-port.js';
import type { Clock } from '../time/clock.js';
import { CatalogHolder } from './catalog-holder.js';
import { CatalogError, emptyCatalog, loadCatalog } from './load-catalog.js';
import { CatalogFiles } from './replica/catalog-files.js';
import { CatalogReplica, type ReplicaStatus } from './replica/catalog-replica.js';
import { type GatewayHttp, gatewayHttpBase } from './replica/gateway-http.js';
import { prepareInWorker } from './replica/prepare-in-worker.js';
import type { PreparedVersion } from './replica/prepare-version.js';
import { assembleRoomCatalog, roomCatalogFromFile, roomCatalogFromLibrary } from './room-catalog.js';
import type { Catalog } from './types.js';
import { warmSearch } from './warm-search.js';

/** What the touchscreen shows about the catalog and the media (AgentStateView.library). */
export interface LibraryView {
  source: 'file' | 'gateway';
  /** The store catalog's version in use (null: a local file, or none yet). */
  version: number | null;
  songs: number;
  updating: boolean;
  lastError: { code: string; message: string; at: number } | null;
  /** The last song skipped because its media could not be had (gateway down, not cached). */
  skipped: (MediaSkip & { title: string }) | null;
  media: { files: number; bytes: number; maxBytes: number } | null;
}

/** The room's songs: the current catalog + index, the replica that updates it, the media cache. */
export interface RoomLibrary {
  holder: CatalogHolder;
  /** A Catalog that always reads the current version (for playback). */
  catalog: Catalog;
  /** The store's `store/catalog` announcement (no-op for a local catalog file). */
  announce(announcement: CatalogAnnouncement): void;
  /** Plays gateway songs from the media cache (identity for a local catalog). */
  wrapPlayer(player: PlayerPort): PlayerPort;
  /**
   * Makes a gateway song's files (media and lyrics) local before it is loaded, so its lyrics are
   * there on the first play too. Never throws: a song that cannot be had fails at load, where
   * the skip is reported.
   */
  ensureLocal(file: string): Promise<void>;
  /** The playing song and 已点, in order: prefetched and pinned. */
  followQueue(playingSongId: string | null, queuedSongIds: readonly string[]): void;
  view(): LibraryView;
  onChange(listener: () => void): () => void;
  replica: CatalogReplica | null;
  media: MediaCache | null;
  prefetcher: Prefetcher | null;
  stop(): Promise<void>;
}

export interface OpenRoomLibraryOptions {
  config: Pick<AgentConfig, 'catalog' | 'mediaCache' | 'gateway'>;
  dataDir: string;
  clock: Clock;
  logger: Logger;
  backoff?: BackoffOptions;
}

/** A missing or broken catalog file is reported; the room still runs (nothing to pick, no 公播). */
async function openFileCatalog(file: string, logger: Logger): Promise<Catalog> {
  if (file === '') return emptyCatalog();
  try {
    const catalog = await loadCatalog(file);
    logger.info({ file, songs: catalog.songs.length, background: catalog.backgroundPlaylist.length }, 'catalog loaded');
    return catalog;
  } catch (e) {
    if (!(e instanceof CatalogError)) throw e;
    logger.error({ file, details: e.details }, e.message);
    return emptyCatalog(file);
  }
}

/** Opens the room's catalog as the config says: a local file, or the replica of the gateway's. */
export async function openRoomLibrary(o: OpenRoomLibraryOptions): Promise<RoomLibrary> {
  const logger = o.logger.child({ component: 'library' });
  const { catalog: cc } = o.config;
  const fileCatalog = await openFileCatalog(cc.file, logger);
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const l of listeners) l();
  };
  let skipped: LibraryView['skipped'] = null;

  if (cc.source === 'file') {
    if (cc.file === '') logger.warn('no catalog configured (catalog.file): no songs to pick');
    const holder = new CatalogHolder(roomCatalogFromFile(fileCatalog));
    return {
      holder,
      catalog: holder.live(),
      announce: () => undefined,
      wrapPlayer: (p) => p,
      ensureLocal: async () => undefined,
      followQueue: () => undefined,
      view: () => ({
        source: 'file',
        version: null,
        songs: holder.current.catalog.songs.length,
        updating: false,
        lastError: null,
        skipped: null,
        media: null,
      }),
      onChange: (l) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
      replica: null,
      media: null,
      prefetcher: null,
      stop: async () => listeners.clear(),
    };
  }

  const http: GatewayHttp = {
    baseUrl: gatewayHttpBase(cc.gatewayHttpUrl, o.config.gateway.mqttUrl),
    username: o.config.gateway.username,
    password: o.config.gateway.password,
  };
  const mc = o.config.mediaCache;
  const cacheDir = resolve(mc.dir === '' ? join(o.dataDir, 'media-cache') : mc.dir);
  const assemble = (prepared: PreparedVersion) =>
    assembleRoomCatalog(prepared, cacheDir, fileCatalog.backgroundPlaylist, cc.file);
  const holder = new CatalogHolder({
    ...roomCatalogFromLibrary(0, [], cacheDir, fileCatalog.backgroundPlaylist),
    version: null,
  });
  const media = new MediaCache({
    dir: cacheDir,
    maxBytes: mc.maxBytes,
    http,
    clock: o.clock,
    logger,
    sourceOf: (songId) => holder.current.remote.get(songId),
  });
  await media.open();
  const replica = new CatalogReplica({
    files: new CatalogFiles(join(o.dataDir, 'catalog')),
    http,
    holder,
    prepare: prepareInWorker,
    assemble,
    clock: o.clock,
    logger,
    ...(o.backoff ? { backoff: o.backoff } : {}),
  });
  replica.onStatus(changed);
  // Each new version: the one-letter searches in idle turns (the first tap is answered at once).
  holder.onSwap((next) => void warmSearch(next.index, () => holder.current === next));
  await replica.open();
  const prefetcher = new Prefetcher({
    cache: media,
    limit: mc.prefetch,
    clock: o.clock,
    logger,
    ...(o.backoff ? { backoff: o.backoff } : {}),
  });
  const fileOf = (songId: string) => holder.current.catalog.byId.get(songId)?.media;

  return {
    holder,
    catalog: holder.live(),
    announce: (a) => replica.announce(a),
    ensureLocal: async (file) => {
      if (!media.owns(file)) return;
      await media.ensure(file).then(
        () => undefined,
        () => undefined,
      );
    },
    wrapPlayer: (p) =>
      cachingPlayer(p, media, {
        logger,
        now: () => o.clock.now(),
        onSkip: (skip) => {
          skipped = { ...skip, title: holder.current.catalog.byId.get(skip.songId)?.title ?? skip.songId };
          changed();
        },
      }),
    followQueue: (playing, queued) => {
      const files = queued.map(fileOf).filter((f): f is string => f !== undefined);
      prefetcher.update(playing === null ? null : (fileOf(playing) ?? null), files);
    },
    view: () => {
      const s: ReplicaStatus = replica.status();
      return {
        source: 'gateway',
        version: s.version,
        songs: s.songs,
        updating: s.updating,
        lastError: s.lastError,
        skipped,
        media: { files: media.list().length, bytes: media.totalBytes(), maxBytes: mc.maxBytes },
      };
    },
    onChange: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    replica,
    media,
    prefetcher,
    async stop() {
      await prefetcher.stop();
      await replica.stop();
      listeners.clear();
    },
  };
}
