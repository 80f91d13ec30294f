/**
 * Stable error codes of the admin API, answered as `{ code, message }`. A code is never reused
 * for another meaning; the MQTT-side codes live in @ktv/protocol.
 */
export const AdminErrors = {
  UNAUTHORIZED: { code: 'KTV_E_UNAUTHORIZED', status: 401, message: 'sign in first' },
  LOGIN_FAILED: { code: 'KTV_E_LOGIN_FAILED', status: 401, message: 'wrong account or password' },
  BAD_REQUEST: { code: 'KTV_E_BAD_REQUEST', status: 400, message: 'invalid request' },
  NOT_FOUND: { code: 'KTV_E_NOT_FOUND', status: 404, message: 'not found' },
  UNKNOWN_ROOM: { code: 'KTV_E_UNKNOWN_ROOM', status: 404, message: 'no such room' },
  DEVICE_EXISTS: { code: 'KTV_E_DEVICE_EXISTS', status: 409, message: 'device exists; rotate for a new password' },
  INTERNAL: { code: 'KTV_E_INTERNAL', status: 500, message: 'internal error' },
} as const;

export type AdminError = (typeof AdminErrors)[keyof typeof AdminErrors];

export interface ErrorBody {
  code: string;
  message: string;
}

export function errorBody(error: AdminError, message: string = error.message): ErrorBody {
  return { code: error.code, message };
}
