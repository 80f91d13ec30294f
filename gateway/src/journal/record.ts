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

/**
 * The same line as encodeRecord, for data that is JSON text already (one value, no line break):
 * `encodeRecordJson(r, JSON.stringify(r.data))` equals `encodeRecord(r)`. Spares serialising again
 * what a device sent as JSON.
 */
export function encodeRecordJson(
  head: { seq: number; type: string; at: number },
  dataJson: string,
  more = false,
): string {
  const body = `{"seq":${head.seq},"type":${JSON.stringify(head.type)},"at":${head.at},"data":${dataJson}${more ? ',"more":1' : ''}}`;
  return `${body.slice(0, -1)}${CRC_PREFIX}${checksum(body)}"}\n`;
}

export type DecodedLine =
  | { ok: true; record: JournalRecord; more: boolean }
  | { ok: false; reason: 'checksum' | 'json' | 'shape' };

const CLOSE_BRACE = Buffer.from('}');
const CRC_PREFIX_BYTES = Buffer.from(CRC_PREFIX);
const HEX8 = /^[0-9a-f]{8}$/;

/** Decodes one line (without its newline). */
export function decodeLine(line: string): DecodedLine {
  const buf = Buffer.from(line, 'utf8');
  return decodeLineAt(buf, 0, buf.length);
}

/**
 * Decodes the line buf[start, end) (without its newline) without copying it twice: the checksum
 * runs over the bytes, then the whole line (valid JSON, crc member included) is parsed once.
 */
export function decodeLineAt(buf: Buffer, start: number, end: number, parse = true): DecodedLine {
  if (end - start <= CRC_SUFFIX_LENGTH || buf[end - 1] !== 0x7d || buf[end - 2] !== 0x22) {
    return { ok: false, reason: 'shape' };
  }
  const suffixAt = end - CRC_SUFFIX_LENGTH;
  if (buf.compare(CRC_PREFIX_BYTES, 0, CRC_PREFIX_BYTES.length, suffixAt, suffixAt + CRC_PREFIX_BYTES.length) !== 0) {
    return { ok: false, reason: 'shape' };
  }
  const written = buf.toString('latin1', end - 10, end - 2);
  const computed = crc32(CLOSE_BRACE, crc32(buf.subarray(start, suffixAt)));
  if (!HEX8.test(written) || Number.parseInt(written, 16) !== computed) return { ok: false, reason: 'checksum' };
  if (!parse) return verifiedOnly(buf, start, suffixAt);
  let value: unknown;
  try {
    value = JSON.parse(buf.toString('utf8', start, end));
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

const SEQ_PREFIX = Buffer.from('{"seq":');
const MORE_MEMBER = Buffer.from(',"more":1');

/**
 * For a line whose checksum matched (so it is the JSON we wrote): seq and `more` read from the
 * bytes, without parsing the JSON. The journal's open uses it to find the end of the last segment.
 */
function verifiedOnly(buf: Buffer, start: number, suffixAt: number): DecodedLine {
  if (buf.compare(SEQ_PREFIX, 0, SEQ_PREFIX.length, start, start + SEQ_PREFIX.length) !== 0) {
    return { ok: false, reason: 'shape' };
  }
  let seq = 0;
  let i = start + SEQ_PREFIX.length;
  for (; i < suffixAt; i += 1) {
    const c = buf[i] ?? 0;
    if (c < 0x30 || c > 0x39) break;
    seq = seq * 10 + (c - 0x30);
  }
  if (seq < 1 || buf[i] !== 0x2c) return { ok: false, reason: 'shape' };
  const moreAt = suffixAt - MORE_MEMBER.length;
  const more = buf.compare(MORE_MEMBER, 0, MORE_MEMBER.length, moreAt, suffixAt) === 0;
  return { ok: true, record: { seq, type: '', at: 0, data: null }, more };
}
