import type { CloudEvent } from './cloud-event.js';

/** One batch handed to a transport: the same records always make the same key. */
export interface OutBatch {
  /** Idempotency-Key for HTTPS: `{store}-{first jseq}-{last jseq}-{count}-{crc of the ids}`. */
  key: string;
  events: CloudEvent[];
}

/** Why a batch did not get through. */
export type SendFailure =
  /** The link went away (reconnect under way); events without an ack go again. */
  | { kind: 'disconnected'; detail: string }
  /** Try this batch again later (network error, 5xx, 408, 429 with Retry-After). */
  | { kind: 'retry'; afterMs?: number; status?: number; detail: string }
  /** A 4xx other than 401/403/408/429: retrying cannot fix it; the batch is parked to a file. */
  | { kind: 'park'; status: number; detail: string }
  /** 401/403: the store's credentials were refused; forwarding stops until the config is fixed. */
  | { kind: 'refused'; status: number; detail: string };

export class SendError extends Error {
  constructor(readonly failure: SendFailure) {
    super(failure.detail);
    this.name = 'SendError';
  }
}

export interface TransportHooks {
  /** The link came up (true) or went down (false). */
  onConnected(connected: boolean): void;
  /** A message from the cloud for the store (MQTT: ktv/v1/{store}/cloud/down/{kind}). */
  onDown?(kind: string, payload: Buffer): void;
}

/**
 * A way up to the cloud. The forwarder asks `room()` how many events it may hand over now and
 * calls `send`; `onAck(jseq)` reports each acknowledged event (MQTT: its PUBACK; HTTPS: the whole
 * batch at once) and the promise settles when the batch is done (rejects with SendError).
 */
export interface CloudTransport {
  readonly kind: 'mqtt' | 'https';
  start(hooks: TransportHooks): void;
  connected(): boolean;
  room(): number;
  send(batch: OutBatch, onAck: (jseq: number) => void): Promise<void>;
  stop(): Promise<void>;
}
