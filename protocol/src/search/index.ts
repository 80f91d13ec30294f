export * from './search-index.js';
export * from './types.js';
