import { crc32 } from 'node:zlib';
import type { RoomEvent } from '@ktv/protocol';

/**
 * One line of the outbox file. Lines are `CRC32HEX JSON\n`; a line whose checksum does not match
 * (a torn or corrupted write) is not a record.
 *   e: an event was recorded (durable before anyone is told)
 *   a: the gateway acknowledged (PUBACK) the event with this seq
 *   s: seq floor, written at the head of a compacted file so seq never goes back
 */
export type OutboxRecord = { k: 'e'; ev: RoomEvent } | { k: 'a'; seq: number } | { k: 's'; lastSeq: number };

function checksum(json: string): string {
  return crc32(json).toString(16).padStart(8, '0');
}

export function encodeRecord(record: OutboxRecord): string {
  const json = JSON.stringify(record);
  return `${checksum(json)} ${json}\n`;
}

function isPositiveInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

/** A line without its newline -> the record, or undefined when it is torn or corrupt. */
export function decodeLine(line: string): OutboxRecord | undefined {
  const space = line.indexOf(' ');
  if (space !== 8) return undefined;
  const json = line.slice(9);
  if (checksum(json) !== line.slice(0, 8)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as { k?: unknown; ev?: { seq?: unknown }; seq?: unknown; lastSeq?: unknown };
  if (r.k === 'e' && typeof r.ev === 'object' && r.ev !== null && isPositiveInt(r.ev.seq)) return value as OutboxRecord;
  if (r.k === 'a' && isPositiveInt(r.seq)) return value as OutboxRecord;
  if (r.k === 's' && isPositiveInt(r.lastSeq)) return value as OutboxRecord;
  return undefined;
}
