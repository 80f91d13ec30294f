export type { AdminBackend, LiveMessage } from './admin/admin-api.js';
export { buildAdminApp } from './admin/app.js';
export { canPublish, canSubscribe, type Principal } from './broker/acl.js';
export { loadConfig, parseConfig } from './config/load.js';
export type { GatewayConfig } from './config/schema.js';
export { DEFAULT_EVENT_LINGER_MS } from './events/journal-event-store.js';
export { createGateway, EVENTS_FILE, type Gateway, type GatewayOptions, type StartedPorts } from './gateway.js';
export * as journal from './journal/index.js';
export { createLogger, silentLogger } from './logger.js';
export type { DeviceView, RoomView } from './rooms/room-view.js';
export {
  type MonitorBundle,
  type ProvisioningBundle,
  type ProvisionRequest,
  provisionDevice,
  type RoomBundle,
} from './settings/provision.js';
export { SettingsStore } from './settings/settings-store.js';
export type { GatewayStats } from './stats.js';
