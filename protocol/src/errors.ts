/**
 * Stable error codes. A code is never reused for another meaning once released; retired codes stay
 * listed here as comments.
 */
export const ErrorCodes = {
  /** The topic is outside the `ktv/v1/...` layout. */
  TOPIC: 'KTV_E_TOPIC',
  /** The payload is not valid JSON (or not UTF-8). */
  JSON: 'KTV_E_JSON',
  /** The payload does not match the topic's schema. */
  SCHEMA: 'KTV_E_SCHEMA',
  /** The message names another room than its topic. */
  ROOM_MISMATCH: 'KTV_E_ROOM_MISMATCH',
  /** The payload is larger than allowed. */
  TOO_LARGE: 'KTV_E_TOO_LARGE',
  /** A client's credentials were refused. */
  AUTH: 'KTV_E_AUTH',
  /** A publish or subscribe outside the client's ACL. */
  ACL: 'KTV_E_ACL',
  /** A configuration file is invalid. */
  CONFIG: 'KTV_E_CONFIG',
  /** A simulated-hardware route was called on a room box with real hardware. */
  NOT_SIM: 'KTV_E_NOT_SIM',
  /** The cloud refused the store's credentials (401/403): forwarding stops until the config is fixed. */
  CLOUD_REFUSED: 'KTV_E_CLOUD_REFUSED',
  /** The cloud refused a batch with a 4xx that retrying cannot fix: the batch was parked to a file. */
  CLOUD_PARKED: 'KTV_E_CLOUD_PARKED',
  /** A saved search index is damaged or was built over other songs: the room builds it again. */
  SEARCH_INDEX: 'KTV_E_SEARCH_INDEX',
} as const;
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export class KtvError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = 'KtvError';
  }
}
