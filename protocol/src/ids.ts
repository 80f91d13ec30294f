import { decodeTime, isValid, monotonicFactory } from 'ulid';

export const ULID_PATTERN = '^[0-9A-HJKMNP-TV-Z]{26}$';

export type IdFactory = (nowMs?: number) => string;

/** A monotonic ULID factory: ids made in the same millisecond still sort in creation order. */
export function createIdFactory(): IdFactory {
  const next = monotonicFactory();
  return (nowMs?: number) => next(nowMs);
}

export function isUlid(id: string): boolean {
  return isValid(id) && new RegExp(ULID_PATTERN).test(id);
}

export function ulidTime(id: string): number {
  return decodeTime(id);
}
