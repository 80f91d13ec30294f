import { createHash } from 'node:crypto';
import { compile } from '@ktv/protocol';
import { DownlinkErrorCodes, type DownlinkRefusal } from './errors.js';
import {
  checkPayload,
  type DownlinkKind,
  ENVELOPE_FORMAT,
  isDownlinkKind,
  MAX_PUSH_BYTES,
  type PushPayload,
  SignedEnvelopeSchema,
} from './schemas.js';
import { type TrustedKey, verifyBytes } from './signature.js';

const checkEnvelope = compile(SignedEnvelopeSchema);

/** The version of a kind the store has applied, and the SHA-256 of that payload's bytes. */
export interface AppliedVersion {
  version: number;
  payloadSha: string;
}

export interface PushInput {
  /** From the topic (…/cloud/down/{kind}) or the poll URL. */
  kind: string;
  bytes: Buffer;
  keys: readonly TrustedKey[];
  storeId: string;
  applied: AppliedVersion | undefined;
}

export type PushCheck =
  | { result: 'accept'; kind: DownlinkKind; payload: PushPayload; payloadSha: string; keyId: string }
  /** The very document already applied (a retained message again, a poll): nothing to do, no alert. */
  | { result: 'unchanged'; kind: DownlinkKind; version: number }
  | { result: 'refuse'; refusal: DownlinkRefusal; version?: number };

function refuse(code: DownlinkRefusal['code'], reason: string, version?: number): PushCheck {
  return { result: 'refuse', refusal: { code, reason }, ...(version === undefined ? {} : { version }) };
}

/**
 * Checks a push from the cloud, in this order: kind known, size, envelope shape, key trusted,
 * signature over the payload bytes, payload schema, kind matches, addressed to this store, version
 * newer than the applied one. Versions may skip numbers (each document is whole, not a delta: a
 * store that was offline needs only the newest). The body's meaning (a rate plan's periods, the
 * settings it makes) is checked when it is applied. Pure apart from hashing and verifying.
 */
export function checkPush(input: PushInput): PushCheck {
  const { kind, bytes } = input;
  if (!isDownlinkKind(kind)) return refuse(DownlinkErrorCodes.KIND, `unknown kind "${kind.slice(0, 64)}"`);
  if (bytes.length > MAX_PUSH_BYTES) {
    return refuse(DownlinkErrorCodes.ENVELOPE, `${bytes.length} bytes, more than ${MAX_PUSH_BYTES}`);
  }
  let outer: unknown;
  try {
    outer = JSON.parse(bytes.toString('utf8'));
  } catch {
    return refuse(DownlinkErrorCodes.ENVELOPE, 'not JSON');
  }
  const envelope = checkEnvelope(outer);
  if (!envelope.ok) {
    return refuse(DownlinkErrorCodes.ENVELOPE, `not a ${ENVELOPE_FORMAT} envelope: ${envelope.errors.join('; ')}`);
  }
  const { keyId } = envelope.value;
  const trusted = input.keys.find((k) => k.keyId === keyId);
  if (!trusted)
    return refuse(DownlinkErrorCodes.SIGNATURE, `signed with key ${keyId}, which this store does not trust`);
  const payloadBytes = Buffer.from(envelope.value.payload, 'base64');
  const signature = Buffer.from(envelope.value.signature, 'base64');
  if (!verifyBytes(payloadBytes, signature, trusted.key)) {
    return refuse(DownlinkErrorCodes.SIGNATURE, `signature does not verify with key ${keyId}`);
  }
  let inner: unknown;
  try {
    inner = JSON.parse(payloadBytes.toString('utf8'));
  } catch {
    return refuse(DownlinkErrorCodes.BODY, 'signed payload is not JSON');
  }
  const version = versionOf(inner);
  // Checked on a copy: the schema fills defaults (a rate plan's holidays, packages, ...).
  const payload = checkPayload(inner);
  if (!payload.ok) return refuse(DownlinkErrorCodes.BODY, payload.errors.slice(0, 5).join('; '), version);
  const p = payload.value;
  if (p.kind !== kind) return refuse(DownlinkErrorCodes.KIND, `sent as ${kind}, signed as ${p.kind}`, p.version);
  if (p.stores !== '*' && !p.stores.includes(input.storeId)) {
    return refuse(DownlinkErrorCodes.STORE, `addressed to ${p.stores.slice(0, 5).join(', ')}, not ${input.storeId}`);
  }
  const payloadSha = createHash('sha256').update(payloadBytes).digest('hex');
  const applied = input.applied;
  if (applied && p.version <= applied.version) {
    if (p.version === applied.version && payloadSha === applied.payloadSha) {
      return { result: 'unchanged', kind, version: p.version };
    }
    const what = p.version === applied.version ? 'the applied version with another content' : 'older than';
    return refuse(
      DownlinkErrorCodes.VERSION,
      `version ${p.version} is ${what}${p.version === applied.version ? '' : ` version ${applied.version}`}`,
      p.version,
    );
  }
  return { result: 'accept', kind, payload: p, payloadSha, keyId };
}

function versionOf(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = (value as { version?: unknown }).version;
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined;
}
