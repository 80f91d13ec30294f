export { CatalogError, catalogFromJson, emptyCatalog, loadCatalog } from './load-catalog.js';
export { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT, searchSongs, songListing } from './search.js';
export type { BackgroundClip, Catalog, CatalogSong, SongListing } from './types.js';
