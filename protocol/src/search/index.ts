export { type FoldedText, foldText } from './fold.js';
export { primaryReading } from './readings.js';
export * from './search-index.js';
export * from './types.js';
