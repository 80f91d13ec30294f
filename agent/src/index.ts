export { type Agent, type AgentOptions, createAgent } from './agent.js';
export { type ConfigOverrides, configFromBundle, isRoomBundle } from './config/bundle.js';
export { loadConfigFile } from './config/load.js';
export type { AgentConfig, RoomBundle } from './config/types.js';
export { validateConfig } from './config/validate.js';
export { main } from './main.js';
export type { AgentStateView } from './web/state-view.js';
