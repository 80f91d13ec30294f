import { type Checked, compile } from '@ktv/protocol';
import { type Static, Type } from '@sinclair/typebox';
import { RatePlanSchema } from '../../billing/schemas.js';

/**
 * What head office pushes down to a store (docs/cloud-downlink.md). On the wire a push is a
 * signed envelope; its payload (base64 of UTF-8 JSON bytes, signed as they are, so no JSON
 * canonicalisation is needed) is one versioned document of one kind.
 */
export const DOWNLINK_KINDS = ['ratePlans', 'menu', 'catalog'] as const;
export type DownlinkKind = (typeof DOWNLINK_KINDS)[number];

export function isDownlinkKind(kind: string): kind is DownlinkKind {
  return (DOWNLINK_KINDS as readonly string[]).includes(kind);
}

export const ENVELOPE_FORMAT = 'ktv-signed/1';
/** A push larger than this is refused before it is parsed. */
export const MAX_PUSH_BYTES = 4 * 1024 * 1024;

const Base64 = Type.String({ pattern: '^[A-Za-z0-9+/_-]+={0,2}$', maxLength: MAX_PUSH_BYTES });

export const SignedEnvelopeSchema = Type.Object(
  {
    format: Type.Literal(ENVELOPE_FORMAT),
    /** First 16 hex digits of the SHA-256 of the raw 32-byte ed25519 public key. */
    keyId: Type.String({ pattern: '^[0-9a-f]{16}$' }),
    /** base64 of the payload's JSON bytes: exactly what was signed. */
    payload: Base64,
    /** base64 of the 64-byte ed25519 signature of the payload bytes. */
    signature: Type.String({ pattern: '^[A-Za-z0-9+/_-]{86}={0,2}$' }),
  },
  { additionalProperties: false },
);
export type SignedEnvelope = Static<typeof SignedEnvelopeSchema>;

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Version = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const EpochMs = Type.Integer({ minimum: 0 });
/** '*' for every store of the chain, or the store ids it is for. */
const Stores = Type.Union([Type.Literal('*'), Type.Array(Id, { minItems: 1, maxItems: 10_000 })]);

/** A menu item as head office sets it: stock is counted by the store and never pushed. */
export const CloudMenuItemSchema = Type.Object(
  {
    itemId: Id,
    name: Type.String({ minLength: 1, maxLength: 100 }),
    category: Type.String({ minLength: 1, maxLength: 64 }),
    priceFen: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type CloudMenuItem = Static<typeof CloudMenuItemSchema>;

/** A catalog announcement: new songs head office has made available (the media come by import). */
export const CatalogAnnouncementSchema = Type.Object(
  {
    catalogVersion: Type.String({ minLength: 1, maxLength: 64 }),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    notes: Type.Optional(Type.String({ maxLength: 2000 })),
    songCount: Type.Optional(Type.Integer({ minimum: 0 })),
    /** Where the store's technician gets the song package (`ktv-gateway library import`). */
    url: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    sha256: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$' })),
  },
  { additionalProperties: false },
);
export type CatalogAnnouncement = Static<typeof CatalogAnnouncementSchema>;

function payloadOf<K extends DownlinkKind, B extends ReturnType<typeof Type.Object>>(kind: K, body: B) {
  return Type.Object(
    { kind: Type.Literal(kind), version: Version, issuedAt: EpochMs, stores: Stores, body },
    { additionalProperties: false },
  );
}

export const RatePlansPayloadSchema = payloadOf(
  'ratePlans',
  Type.Object(
    { ratePlans: Type.Array(RatePlanSchema, { minItems: 1, maxItems: 100 }) },
    { additionalProperties: false },
  ),
);
export const MenuPayloadSchema = payloadOf(
  'menu',
  Type.Object({ items: Type.Array(CloudMenuItemSchema, { maxItems: 10_000 }) }, { additionalProperties: false }),
);
export const CatalogPayloadSchema = payloadOf('catalog', CatalogAnnouncementSchema);

export const PushPayloadSchema = Type.Union([RatePlansPayloadSchema, MenuPayloadSchema, CatalogPayloadSchema]);
export type PushPayload = Static<typeof PushPayloadSchema>;
export type RatePlansPayload = Static<typeof RatePlansPayloadSchema>;
export type MenuPayload = Static<typeof MenuPayloadSchema>;
export type CatalogPayload = Static<typeof CatalogPayloadSchema>;

const checkers = {
  ratePlans: compile(RatePlansPayloadSchema),
  menu: compile(MenuPayloadSchema),
  catalog: compile(CatalogPayloadSchema),
};

/**
 * Checks a payload against the schema of its own kind (clearer errors than the union, and the
 * defaults of a rate plan are filled in: ajv ignores defaults inside anyOf). On a copy.
 */
export function checkPayload(value: unknown): Checked<PushPayload> {
  const kind = typeof value === 'object' && value !== null ? (value as { kind?: unknown }).kind : undefined;
  if (typeof kind !== 'string' || !isDownlinkKind(kind)) {
    return { ok: false, errors: [`/kind must be one of ${DOWNLINK_KINDS.map((k) => JSON.stringify(k)).join(', ')}`] };
  }
  return checkers[kind](structuredClone(value));
}
