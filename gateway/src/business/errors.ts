/**
 * Stable error codes of the business API (rooms as a business, issue #5), answered as
 * `{ code, message }` with the HTTP status given here. A code is never reused for another meaning.
 */
export const BusinessErrorCodes = {
  ROOM_STATE: { code: 'KTV_E_ROOM_STATE', status: 409 },
  ROOM_UNKNOWN: { code: 'KTV_E_UNKNOWN_ROOM', status: 404 },
  SESSION_UNKNOWN: { code: 'KTV_E_SESSION_UNKNOWN', status: 404 },
  SESSION_CLOSED: { code: 'KTV_E_SESSION_CLOSED', status: 409 },
  LINE_UNKNOWN: { code: 'KTV_E_ORDER_LINE_UNKNOWN', status: 404 },
  LINE_VOIDED: { code: 'KTV_E_ORDER_LINE_VOIDED', status: 409 },
  ITEM_UNKNOWN: { code: 'KTV_E_ITEM_UNKNOWN', status: 404 },
  OUT_OF_STOCK: { code: 'KTV_E_OUT_OF_STOCK', status: 409 },
  VOID_REASON: { code: 'KTV_E_VOID_REASON', status: 400 },
  DISCOUNT_REASON: { code: 'KTV_E_DISCOUNT_REASON', status: 400 },
  PLAN_UNKNOWN: { code: 'KTV_E_PLAN_UNKNOWN', status: 404 },
  PACKAGE_UNKNOWN: { code: 'KTV_E_PACKAGE_UNKNOWN', status: 404 },
  PACKAGE_WINDOW: { code: 'KTV_E_PACKAGE_WINDOW', status: 409 },
  PACKAGE_ROOM_TYPE: { code: 'KTV_E_PACKAGE_ROOM_TYPE', status: 409 },
  MEMBER_LEVEL_UNKNOWN: { code: 'KTV_E_MEMBER_LEVEL_UNKNOWN', status: 404 },
  MOVE_SAME_ROOM: { code: 'KTV_E_MOVE_SAME_ROOM', status: 409 },
} as const;

export type BusinessErrorKind = keyof typeof BusinessErrorCodes;

/** A refused business operation. Nothing was written when it is thrown. */
export class BusinessError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(kind: BusinessErrorKind, message: string) {
    super(message);
    this.name = 'BusinessError';
    this.code = BusinessErrorCodes[kind].code;
    this.status = BusinessErrorCodes[kind].status;
  }
}
