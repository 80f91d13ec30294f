// For the cloud benchmark (scripts/src/bench/cloud.ts): the real parts.
export { systemCloudClock } from '../clock.js';
export { type CloudEvent, toCloudEvent } from '../cloud-event.js';
export { CLOUD_CURSOR, Forwarder } from '../forwarder.js';
export { HttpsTransport, ndjson } from '../https-transport.js';
export { MqttTransport, upTopic } from '../mqtt-transport.js';
export { readStoredEvents, selectEvents } from '../receiver/cloud-store.js';
export { type MosquittoUser, type RunningMosquitto, startMosquitto } from './mosquitto.js';
export { ManualClock, SimTransport } from './sim-transport.js';
export { FaultyProxy, NO_FAULTS, type ProxyFaults } from './tcp-proxy.js';
export { makeTestCa, type TestCa } from './test-ca.js';
export { compareDelivery, type DeliveryReport, expectedCloudEvents } from './verify.js';
