export * from './bundle.js';
export * from './commands.js';
export * from './common.js';
export * from './events.js';
export * from './scenes.js';
export * from './state.js';
