import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { segmentFileName } from '../../journal/index.js';
import { scanSegment } from '../../journal/segment-scan.js';
import { type CloudEvent, isMoneyKind, toCloudEvent } from '../cloud-event.js';
import { COALESCED_RECORD } from '../forwarder.js';

/** Read-only: the cloud events a store's journal should produce (coalesced records excepted). */
export async function expectedCloudEvents(journalDir: string, store: string): Promise<CloudEvent[]> {
  const firsts = (await readdir(journalDir))
    .map((n) => /^(\d{8,})\.ndjson$/.exec(n)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  const out: CloudEvent[] = [];
  for (const first of firsts) {
    const file = join(journalDir, segmentFileName(first));
    for (const r of scanSegment(await readFile(file), file, first, true).records) {
      if (r.type !== COALESCED_RECORD) out.push(toCloudEvent(store, r));
    }
  }
  return out;
}

export interface DeliveryReport {
  expected: number;
  received: number;
  lost: number;
  /** Ids in the cloud that the journal does not have. */
  unknown: number;
  /** The same id stored twice (must be 0 after de-duplication). */
  storedTwice: number;
  moneyExpected: number;
  moneyMissing: number;
  /** Rooms whose events, read back by seq, differ from the journal's (order or content). */
  roomsOutOfOrder: string[];
  /** Events whose content differs from the journal's. */
  changed: number;
}

/**
 * Pure: what the cloud holds against what the journal says. `byRoom` is the receiver's answer to
 * "events of store S, room R, in order" for every room.
 */
export function compareDelivery(
  expected: readonly CloudEvent[],
  received: readonly CloudEvent[],
  byRoom: ReadonlyMap<string, readonly CloudEvent[]>,
): DeliveryReport {
  const want = new Map(expected.map((e) => [e.id, e]));
  const got = new Map<string, CloudEvent>();
  let storedTwice = 0;
  let changed = 0;
  for (const e of received) {
    if (got.has(e.id)) storedTwice += 1;
    got.set(e.id, e);
    const w = want.get(e.id);
    if (w && JSON.stringify(w) !== JSON.stringify(e)) changed += 1;
  }
  let lost = 0;
  let moneyMissing = 0;
  let moneyExpected = 0;
  for (const e of expected) {
    const money = isMoneyKind(e.kind);
    if (money) moneyExpected += 1;
    if (!got.has(e.id)) {
      lost += 1;
      if (money) moneyMissing += 1;
    }
  }
  const unknown = [...got.keys()].filter((id) => !want.has(id)).length;
  const roomsOutOfOrder: string[] = [];
  const rooms = new Set(expected.filter((e) => e.seq !== null && e.room !== null).map((e) => e.room as string));
  for (const room of rooms) {
    const wantIds = expected
      .filter((e) => e.room === room && e.seq !== null)
      .sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))
      .map((e) => e.id);
    const gotIds = (byRoom.get(room) ?? []).map((e) => e.id);
    if (wantIds.join(',') !== gotIds.join(',')) roomsOutOfOrder.push(room);
  }
  return {
    expected: expected.length,
    received: got.size,
    lost,
    unknown,
    storedTwice,
    moneyExpected,
    moneyMissing,
    roomsOutOfOrder,
    changed,
  };
}
