export { type CloudEvent, CloudEventSchema, isMoneyKind, recordId, toCloudEvent } from './cloud-event.js';
export { type CloudLink, type CloudLinkOptions, createCloudLink, PARK_DIR } from './cloud-link.js';
export { cloudRoutes } from './cloud-routes.js';
export { CLOUD_CURSOR, Forwarder, type ForwarderOptions } from './forwarder.js';
export { type CloudLinkState, disabledLinkState } from './link-state.js';
export { downFilter, upTopic } from './mqtt-transport.js';
