import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

/**
 * ed25519 keys of head office (node:crypto). A public key is written in settings as the base64
 * (or base64url) of its raw 32 bytes, or as an SPKI PEM block; its id is the first 16 hex digits
 * of the SHA-256 of the raw bytes, so a store may trust several keys (rotation) and a push names
 * the one that signed it.
 */
export interface TrustedKey {
  keyId: string;
  key: KeyObject;
}

export function parsePublicKey(text: string): TrustedKey {
  const trimmed = text.trim();
  let key: KeyObject;
  if (trimmed.startsWith('-----BEGIN')) {
    key = createPublicKey(trimmed);
  } else {
    const raw = Buffer.from(trimmed, 'base64');
    if (raw.length !== 32) throw new Error(`an ed25519 public key is 32 bytes, this one ${raw.length}`);
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`not an ed25519 key (${key.asymmetricKeyType})`);
  return { keyId: keyIdOf(key), key };
}

export function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('not an ed25519 key');
  return Buffer.from(jwk.x, 'base64url');
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(rawPublicKey(publicKey)).digest('hex').slice(0, 16);
}

export function parsePrivateKey(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`not an ed25519 private key (${key.asymmetricKeyType})`);
  return key;
}

export function signBytes(data: Buffer, privateKey: KeyObject): Buffer {
  return sign(null, data, privateKey);
}

export function verifyBytes(data: Buffer, signature: Buffer, publicKey: KeyObject): boolean {
  try {
    return verify(null, data, publicKey, signature);
  } catch {
    return false;
  }
}
