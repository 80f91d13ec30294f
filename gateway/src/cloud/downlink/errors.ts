/**
 * Stable codes of a refused push from the cloud. Each refusal is logged with its code and
 * reason, raises the `cloudPushRefused` alert, and leaves the store's settings as they were.
 */
export const DownlinkErrorCodes = {
  /** The document is not a signed envelope (not JSON, wrong shape, payload not base64 JSON). */
  ENVELOPE: 'KTV_E_CLOUD_ENVELOPE',
  /** Signed by a key the store does not know, or the signature does not verify. */
  SIGNATURE: 'KTV_E_CLOUD_SIGNATURE',
  /** The topic or URL's kind is not ratePlans, menu or catalog, or differs from the payload's. */
  KIND: 'KTV_E_CLOUD_KIND',
  /** The payload is addressed to other stores. */
  STORE: 'KTV_E_CLOUD_STORE',
  /** The version is not newer than the one applied (or equal with another content). */
  VERSION: 'KTV_E_CLOUD_VERSION',
  /** The body does not match its schema, or the settings it would make are invalid. */
  BODY: 'KTV_E_CLOUD_BODY',
} as const;
export type DownlinkErrorCode = (typeof DownlinkErrorCodes)[keyof typeof DownlinkErrorCodes];

export interface DownlinkRefusal {
  code: DownlinkErrorCode;
  reason: string;
}
