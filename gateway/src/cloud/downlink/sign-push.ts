import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { checkPayload, ENVELOPE_FORMAT, type SignedEnvelope } from './schemas.js';
import { keyIdOf, rawPublicKey, signBytes } from './signature.js';

/** A new head-office key pair: the private key as PKCS#8 PEM, the public key as base64 of its 32 bytes. */
export function generateHeadOfficeKey(): { privateKeyPem: string; publicKey: string; keyId: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKey: rawPublicKey(publicKey).toString('base64'),
    keyId: keyIdOf(publicKey),
  };
}

/** Signs the payload bytes as they are (no re-serialisation). */
export function signPayloadBytes(payload: Buffer, privateKey: KeyObject): SignedEnvelope {
  const publicKey = createPublicKey(privateKey);
  return {
    format: ENVELOPE_FORMAT,
    keyId: keyIdOf(publicKey),
    payload: payload.toString('base64'),
    signature: signBytes(payload, privateKey).toString('base64'),
  };
}

/**
 * What `ktv-gateway cloud sign` does: checks the document against the push schema first (head
 * office learns of a malformed document before a store refuses it), then signs its bytes.
 */
export function signPushDocument(text: string, privateKey: KeyObject): SignedEnvelope {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`not JSON: ${(e as Error).message}`);
  }
  const checked = checkPayload(value);
  if (!checked.ok) throw new Error(`not a push document: ${checked.errors.join('; ')}`);
  return signPayloadBytes(Buffer.from(JSON.stringify(value), 'utf8'), privateKey);
}
