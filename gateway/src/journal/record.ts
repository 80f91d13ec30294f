import { crc32 } from 'node:zlib';

/** One record of the journal: `seq` counts from 1 without gaps, `at` is the gateway's clock in ms. */
export interface JournalRecord<T = unknown> {
  seq: number;
  type: string;
  at: number;
  data: T;
}

/**
 * A record on disk is one line of JSON: `{"seq":..,"type":..,"at":..,"data":..,"more":1?,"crc":"xxxxxxxx"}`.
 * `crc` is the CRC-32 (hex) of the same line written without the `crc` member, i.e. of
 * `{"seq":..,...}`; `more: 1` marks a record of an atomic batch (appendAll) that is not the batch's
 * last one, so a batch cut short by a crash is recognised and dropped as a whole. Pure.
 */
const CRC_SUFFIX_LENGTH = ',"crc":"00000000"}'.length;
const CRC_PREFIX = ',"crc":"';

export function checksum(text: string): string {
  return crc32(text).toString(16).padStart(8, '0');
}

export function encodeRecord(record: JournalRecord, more = false): string {
  const body = JSON.stringify({
    seq: record.seq,
    type: record.type,
    at: record.at,
    data: record.data === undefined ? null : record.data,
    ...(more ? { more: 1 } : {}),
  });
  return `${body.slice(0, -1)}${CRC_PREFIX}${checksum(body)}"}\n`;
}

export type DecodedLine =
  | { ok: true; record: JournalRecord; more: boolean }
  | { ok: false; reason: 'checksum' | 'json' | 'shape' };

/** Decodes one line (without its newline). */
export function decodeLine(line: string): DecodedLine {
  if (line.length <= CRC_SUFFIX_LENGTH || !line.endsWith('"}')) return { ok: false, reason: 'shape' };
  const suffixAt = line.length - CRC_SUFFIX_LENGTH;
  if (line.slice(suffixAt, suffixAt + CRC_PREFIX.length) !== CRC_PREFIX) return { ok: false, reason: 'shape' };
  const body = `${line.slice(0, suffixAt)}}`;
  if (line.slice(suffixAt + CRC_PREFIX.length, -2) !== checksum(body)) return { ok: false, reason: 'checksum' };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'json' };
  }
  if (typeof value !== 'object' || value === null) return { ok: false, reason: 'shape' };
  const v = value as Record<string, unknown>;
  if (
    typeof v.seq !== 'number' ||
    !Number.isSafeInteger(v.seq) ||
    v.seq < 1 ||
    typeof v.type !== 'string' ||
    typeof v.at !== 'number' ||
    !('data' in v)
  ) {
    return { ok: false, reason: 'shape' };
  }
  return { ok: true, record: { seq: v.seq, type: v.type, at: v.at, data: v.data }, more: v.more === 1 };
}
