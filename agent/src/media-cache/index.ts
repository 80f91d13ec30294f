export { cachingPlayer, type MediaSkip } from './caching-player.js';
export { type CachedFile, chooseEvictions, prefetchOrder } from './lru.js';
export { MediaCache, type MediaCacheOptions, songIdOfCacheName } from './media-cache.js';
export { Prefetcher, type PrefetcherOptions } from './prefetcher.js';
