/**
 * Stable error codes of the billing engine. A code is never reused for another meaning.
 * Every refusal is `{ code, message }`; the message names the offending value.
 */
export const BillingErrorCodes = {
  /** The plan or session file does not match its schema (the details list every error with its path). */
  SCHEMA: 'KTV_E_BILL_SCHEMA',
  /** The rate plan is inconsistent (unknown time zone, a gap in a day's periods, overlapping periods, ...). */
  PLAN: 'KTV_E_BILL_PLAN',
  /** A segment ends before it starts, or segments are not in time order. */
  SEGMENTS: 'KTV_E_BILL_SEGMENTS',
  /** A segment's room type is not in the plan. */
  ROOM_TYPE: 'KTV_E_BILL_ROOM_TYPE',
  /** The session's package is not in the plan. */
  PACKAGE: 'KTV_E_BILL_PACKAGE',
  /** The session started outside the package's start window (or on a day it is not sold). */
  PACKAGE_WINDOW: 'KTV_E_BILL_PACKAGE_WINDOW',
  /** The package is not sold for a room type the party used during the package. */
  PACKAGE_ROOM_TYPE: 'KTV_E_BILL_PACKAGE_ROOM_TYPE',
  /** The session's member level is not in the plan. */
  MEMBER_LEVEL: 'KTV_E_BILL_MEMBER_LEVEL',
  /** No period of the room type covers an instant of the session (only for plans that were not validated). */
  NO_PERIOD: 'KTV_E_BILL_NO_PERIOD',
} as const;
export type BillingErrorCode = (typeof BillingErrorCodes)[keyof typeof BillingErrorCodes];

export interface BillingProblem {
  readonly code: BillingErrorCode;
  readonly message: string;
}

/** Thrown by quoteBill when the session does not fit the plan; `details` lists schema errors. */
export class BillingError extends Error implements BillingProblem {
  constructor(
    readonly code: BillingErrorCode,
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = 'BillingError';
  }

  toJSON(): BillingProblem & { details?: readonly string[] } {
    return this.details.length > 0
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }
}
