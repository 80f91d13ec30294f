import { Type } from '@sinclair/typebox';

/**
 * The downlink's keys of the `cloud` config section (gateway/src/config/cloud-schema.ts spreads
 * them in): head office's keys, the HTTPS poll, journal retention and disk alerts, clock skew.
 * docs/cloud-downlink.md explains each.
 */
export const DOWNLINK_CONFIG_PROPERTIES = {
  /** Head office's ed25519 public keys (base64 of the raw 32 bytes, or SPKI PEM); none: every push is refused. */
  publicKeys: Type.Array(Type.String({ minLength: 40, maxLength: 400 }), { maxItems: 16, default: [] }),
  /** HTTPS transport: how often the store asks for pushes (GET {https url}/../down/{kind}); 0 = never. */
  pollSec: Type.Integer({ minimum: 0, maximum: 86_400, default: 300 }),
  /** Journal segments are kept at least this many days (and always until forwarded). */
  retentionDays: Type.Integer({ minimum: 0, maximum: 3650, default: 30 }),
  /** Disk alerts on the data folder's file system, in percent used. */
  diskWarnPct: Type.Integer({ minimum: 1, maximum: 100, default: 80 }),
  /** At this level telemetry is coalesced and forwarded segments past their snapshot are deleted early. */
  diskCriticalPct: Type.Integer({ minimum: 1, maximum: 100, default: 95 }),
  /** How often the disk is looked at and retention runs. */
  diskCheckSec: Type.Integer({ minimum: 1, maximum: 3600, default: 60 }),
  /** A room agent whose clock is off by more than this raises the clockSkew alert. */
  clockSkewSec: Type.Integer({ minimum: 5, maximum: 86_400, default: 120 }),
  /** A clock behind is only told from a late outbox when every event for this long was late. */
  clockConfirmSec: Type.Integer({ minimum: 1, maximum: 86_400, default: 300 }),
};
