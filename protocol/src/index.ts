export * from './catalog/index.js';
export * from './decode.js';
export * from './doctor/index.js';
export * from './errors.js';
export * from './i18n/messages.js';
export * from './ids.js';
export * from './one-at-a-time.js';
export * from './schemas/index.js';
export * from './search/index.js';
export * from './topics.js';
export * from './validate.js';

/** Version of this software, reported by both programs. */
export const SOFTWARE_VERSION = '0.1.0';
