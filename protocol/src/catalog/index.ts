export * from './delta.js';
export * from './song.js';
