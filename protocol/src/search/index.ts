export { type FoldedText, foldText } from './fold.js';
export { primaryReading } from './readings.js';
export * from './search-index.js';
export { loadSearchIndex, SearchIndexFormatError, serialiseSearchIndex } from './serialise.js';
export * from './types.js';
