import { type Static, Type } from '@sinclair/typebox';
import { DOWNLINK_CONFIG_PROPERTIES } from '../cloud/downlink/config.js';

/**
 * The `cloud` section of the gateway config (issue #8). Forwarding (the journal up to the chain's
 * cloud) is off until `enabled` is true. Secrets (password, token) may sit here or in a file named by
 * `passwordFile` / `tokenFile` so the config can be shown without them. Files are read at start.
 */
export const CloudMqttConfigSchema = Type.Object(
  {
    /** The cloud broker, e.g. mqtts://cloud.example.com:8883 (mqtt:// only for tests on 127.0.0.1). */
    url: Type.String({ minLength: 1, maxLength: 1024, default: 'mqtts://127.0.0.1:8883' }),
    /** Per-store credentials issued by head office. */
    username: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
    passwordFile: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
    /** PEM file of the cloud's CA: the only CA trusted for this connection (pinned). */
    caFile: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
    /** The name the cloud's certificate must carry (defaults to the URL's host). */
    servername: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    /** Client certificate + key for brokers that want mutual TLS (optional). */
    certFile: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
    keyFile: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
    /** MQTT client id; defaults to ktv-{storeId}-gateway. */
    clientId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    /** QoS 1 messages published and not yet PUBACKed, at most. */
    inflight: Type.Integer({ minimum: 1, maximum: 10_000, default: 500 }),
    keepaliveSec: Type.Integer({ minimum: 5, maximum: 3600, default: 30 }),
  },
  { additionalProperties: false, default: {} },
);

export const CloudHttpsConfigSchema = Type.Object(
  {
    /** Where batches are POSTed (gzip NDJSON), e.g. https://cloud.example.com/v1/events. */
    url: Type.String({ minLength: 1, maxLength: 2048, default: 'https://127.0.0.1:8443/v1/events' }),
    /** Bearer token for this store. */
    token: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
    tokenFile: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
    caFile: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
    servername: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    /** Events per POST, at most. */
    batchMax: Type.Integer({ minimum: 1, maximum: 50_000, default: 2000 }),
    /** A POST without an answer after this long is abandoned and retried. */
    timeoutMs: Type.Integer({ minimum: 1000, maximum: 600_000, default: 30_000 }),
  },
  { additionalProperties: false, default: {} },
);

export const CloudConfigSchema = Type.Object(
  {
    enabled: Type.Boolean({ default: false }),
    transport: Type.Union([Type.Literal('mqtt'), Type.Literal('https')], { default: 'mqtt' }),
    mqtt: CloudMqttConfigSchema,
    https: CloudHttpsConfigSchema,
    /** Retries: exponential backoff from minMs to maxMs with full jitter. */
    retryMinMs: Type.Integer({ minimum: 10, maximum: 600_000, default: 1000 }),
    retryMaxMs: Type.Integer({ minimum: 10, maximum: 3_600_000, default: 60_000 }),
    /**
     * Catch-up policy: while a backlog drains, at most this many records are read from the journal
     * per turn before the forwarder yields to the event loop (the store never waits on forwarding).
     */
    readChunk: Type.Integer({ minimum: 1, maximum: 100_000, default: 2000 }),
    // -- downlink (pushes from head office, clock, disk): keys added by gateway/src/cloud/downlink --
    ...DOWNLINK_CONFIG_PROPERTIES,
  },
  { additionalProperties: false, default: {} },
);

export type CloudConfig = Static<typeof CloudConfigSchema>;
export type CloudMqttConfig = Static<typeof CloudMqttConfigSchema>;
export type CloudHttpsConfig = Static<typeof CloudHttpsConfigSchema>;
