import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { ErrorCodes } from '@ktv/protocol';
import type { Journal, JournalCursor, JournalRecord } from '../journal/index.js';
import { nodeJournalFiles } from '../journal/index.js';
import type { Logger } from '../logger.js';
import { ContiguousAcks } from './acks.js';
import { backoffDelay } from './backoff.js';
import type { CloudClock } from './clock.js';
import { type CloudEvent, toCloudEvent } from './cloud-event.js';
import { type CloudLinkState, disabledLinkState } from './link-state.js';
import { TailReader } from './tail-reader.js';
import { type CloudTransport, type OutBatch, SendError, type SendFailure } from './transport.js';

/** A record whose telemetry was coalesced when the disk filled: skipped, the cursor moves past it. */
export const COALESCED_RECORD = 'journal.coalesced';

/** The forwarder's durable cursor in the journal (DATA/journal/cursors/cloud.json). */
export const CLOUD_CURSOR = 'cloud';

export interface ForwarderOptions {
  journal: Journal;
  storeId: string;
  transport: CloudTransport;
  logger: Logger;
  clock: CloudClock;
  random?: () => number;
  /** Records read from the journal per turn at most (then the forwarder yields). */
  readChunk: number;
  retryMinMs: number;
  retryMaxMs: number;
  /** Where batches the cloud refused for good are kept (DATA/cloud/parked). */
  parkDir: string;
  /** A backlog larger than this starts a live lane (see docs/cloud.md); default 4 × readChunk. */
  liveSplit?: number;
  /** How often an idle forwarder looks for new records (real timer), ms. */
  pollMs?: number;
  onState?(state: CloudLinkState): void;
  onDown?(kind: string, payload: Buffer): void;
}

interface Lane {
  reader: TailReader;
  acks: ContiguousAcks;
  /** Last seq of this lane (catch-up lane only). */
  end: number;
}

/** Stable per set of records: the same batch retried keeps its key. Pure. */
export function batchKey(store: string, events: readonly CloudEvent[]): string {
  const first = events[0]?.jseq ?? 0;
  const last = events.at(-1)?.jseq ?? 0;
  const sum = crc32(events.map((e) => e.jseq).join(','))
    .toString(16)
    .padStart(8, '0');
  return `${store}-${first}-${last}-${events.length}-${sum}`;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Forwards the journal to the cloud (issue #8). It reads through its own durable cursor, which
 * moves only to the highest seq up to which the cloud acknowledged everything, so a crash resends
 * at most the unacknowledged tail (the cloud de-duplicates by id).
 *
 * Catch-up policy: when more than `liveSplit` records wait, the records appended from then on go
 * in a live lane, and each turn gives the live lane up to half of what the transport can take and
 * the backlog (oldest first) the rest; when the backlog lane is fully acknowledged, the lanes
 * merge. So a day of backlog drains oldest first while a new order or bill still reaches head
 * office within a turn.
 *
 * Forwarding never blocks the store: reads are bounded (readChunk), every turn yields to the
 * event loop, and nothing on the store's write path waits for it.
 */
export class Forwarder {
  private cursor: JournalCursor | undefined;
  private main: Lane | undefined;
  private catchUp: Lane | undefined;
  private readonly resend: OutBatch[] = [];
  private readonly outstandingAt = new Map<number, number>();
  private pumping = false;
  private inFlight = 0;
  private peakRoom = 0;
  private again = false;
  private stopped = false;
  private refused = false;
  private attempt = 0;
  private retryCancel: (() => void) | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private stateTimer: NodeJS.Timeout | undefined;
  private cursorTarget = 0;
  private advancing: Promise<void> | undefined;
  private lastAckAt: number | null = null;
  private alert: CloudLinkState['alert'] = null;
  private parked = 0;
  private resent = 0;
  private oldest: { seq: number; at: number } | undefined;
  private lastStateJson = '';
  private readonly liveSplit: number;
  private readonly pollMs: number;

  constructor(private readonly o: ForwarderOptions) {
    this.liveSplit = o.liveSplit ?? o.readChunk * 4;
    this.pollMs = o.pollMs ?? 200;
  }

  async start(): Promise<void> {
    this.cursor = await this.o.journal.cursor(CLOUD_CURSOR);
    const at = this.cursor.position();
    this.cursorTarget = at;
    this.main = { reader: new TailReader(this.o.journal, at + 1), acks: new ContiguousAcks(at), end: Infinity };
    this.o.transport.start({
      onConnected: (up) => {
        this.publishState(true);
        if (up) this.pump();
      },
      onDown: (kind, payload) => this.o.onDown?.(kind, payload),
    });
    this.stateTimer = setInterval(() => {
      void this.refreshOldest().then(() => this.publishState(false));
    }, 1000);
    this.stateTimer.unref();
    this.pump();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.retryCancel?.();
    if (this.pollTimer) clearTimeout(this.pollTimer);
    if (this.stateTimer) clearInterval(this.stateTimer);
    await this.o.transport.stop();
    await this.advancing;
  }

  /** The acknowledged position (everything up to it is in the cloud). */
  acknowledged(): number {
    if (!this.main) return this.cursor?.position() ?? 0;
    return this.catchUp ? this.catchUp.acks.contiguous() : this.main.acks.contiguous();
  }

  state(): CloudLinkState {
    if (!this.main) return { ...disabledLinkState(), enabled: true, transport: this.o.transport.kind };
    const acked = this.acknowledged();
    const lastSeq = this.o.journal.lastSeq();
    const liveAcked = this.catchUp ? this.main.acks.contiguous() - (this.catchUp.end + 1) + 1 : 0;
    const waiting = Math.max(0, lastSeq - acked - Math.max(0, liveAcked));
    const oldestAt = waiting > 0 ? (this.outstandingAt.get(acked + 1) ?? this.oldestFor(acked + 1)) : undefined;
    return {
      enabled: true,
      transport: this.o.transport.kind,
      connected: this.o.transport.connected(),
      waiting,
      oldestAgeMs: oldestAt === undefined ? null : Math.max(0, this.o.clock.now() - oldestAt),
      lastAckAt: this.lastAckAt,
      cursor: this.cursor?.position() ?? 0,
      lastSeq,
      catchUp: this.catchUp
        ? { liveFrom: this.catchUp.end + 1, remaining: this.catchUp.end - this.catchUp.acks.contiguous() }
        : null,
      alert: this.alert,
      parkedBatches: this.parked,
      resent: this.resent,
    };
  }

  private oldestFor(seq: number): number | undefined {
    return this.oldest?.seq === seq ? this.oldest.at : undefined;
  }

  private async refreshOldest(): Promise<void> {
    const seq = this.acknowledged() + 1;
    if (this.oldest?.seq === seq || seq > this.o.journal.durableSeq() || this.outstandingAt.has(seq)) return;
    try {
      const [r] = await new TailReader(this.o.journal, seq).read(1);
      if (r) this.oldest = { seq: r.seq, at: r.at };
    } catch (e) {
      this.o.logger.warn({ err: e }, 'cloud: cannot read the oldest waiting record');
    }
  }

  private publishState(force: boolean): void {
    if (!this.o.onState) return;
    const s = this.state();
    const json = JSON.stringify(s);
    if (!force && json === this.lastStateJson) return;
    this.lastStateJson = json;
    this.o.onState(s);
  }

  /** Looks for work now (new records, room in the transport). */
  pump(): void {
    if (this.stopped) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    void this.turns()
      .catch((e: unknown) => this.o.logger.error({ err: e }, 'cloud forwarder turn failed'))
      .finally(() => {
        this.pumping = false;
        if (this.again) {
          this.again = false;
          this.pump();
        } else this.idle();
      });
  }

  private idle(): void {
    if (this.stopped || this.pollTimer) return;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = undefined;
      this.pump();
    }, this.pollMs);
    this.pollTimer.unref();
  }

  private async turns(): Promise<void> {
    while (!this.stopped && !this.refused && !this.retryCancel) {
      const room = this.o.transport.room();
      if (room <= 0) return;
      // Batches, not dribbles: while sends are in flight, wait for a quarter of the window to free up.
      this.peakRoom = Math.max(this.peakRoom, room);
      if (this.inFlight > 0 && room < Math.min(this.o.readChunk, this.peakRoom) / 4) return;
      const batch = this.resend.shift() ?? (await this.nextBatch(Math.min(room, this.o.readChunk)));
      if (!batch) return;
      this.dispatch(batch);
      await yieldToLoop();
    }
  }

  private async nextBatch(n: number): Promise<OutBatch | undefined> {
    const main = this.main;
    if (!main) return undefined;
    let records: JournalRecord[];
    const catchUp = this.catchUp;
    if (catchUp) {
      const live = await main.reader.read(Math.ceil(n / 2));
      const old =
        catchUp.reader.position() <= catchUp.end ? await catchUp.reader.read(n - live.length, catchUp.end) : [];
      records = [...old, ...live];
    } else {
      const durable = this.o.journal.durableSeq();
      const backlog = durable - main.reader.position() + 1;
      if (backlog > this.liveSplit) {
        this.catchUp = { ...main, end: durable };
        this.main = {
          reader: new TailReader(this.o.journal, durable + 1),
          acks: new ContiguousAcks(durable),
          end: Infinity,
        };
        this.o.logger.info(
          { backlog, liveFrom: durable + 1 },
          'cloud: catching up (backlog oldest first, live lane beside)',
        );
        return this.nextBatch(n);
      }
      records = await main.reader.read(n);
    }
    if (records.length === 0) return undefined;
    const events: CloudEvent[] = [];
    for (const r of records) {
      // Telemetry the disk guard coalesced away (gateway/src/cloud/downlink): nothing to send.
      if (r.type === COALESCED_RECORD) {
        this.acked(r.seq);
        continue;
      }
      this.outstandingAt.set(r.seq, r.at);
      events.push(toCloudEvent(this.o.storeId, r));
    }
    if (events.length === 0) return this.nextBatch(n);
    return { key: batchKey(this.o.storeId, events), events };
  }

  private dispatch(batch: OutBatch): void {
    this.inFlight += 1;
    this.o.transport
      .send(batch, (jseq) => this.acked(jseq))
      .finally(() => {
        this.inFlight -= 1;
      })
      .then(() => {
        this.attempt = 0;
        if (this.alert?.code !== ErrorCodes.CLOUD_PARKED) this.alert = null;
        this.pump();
      })
      .catch((e: unknown) => {
        const failure: SendFailure =
          e instanceof SendError ? e.failure : { kind: 'retry', detail: e instanceof Error ? e.message : String(e) };
        void this.failed(batch, failure);
      });
  }

  private acked(jseq: number): void {
    this.outstandingAt.delete(jseq);
    this.lastAckAt = this.o.clock.now();
    const lane = this.catchUp && jseq <= this.catchUp.end ? this.catchUp : this.main;
    lane?.acks.ack(jseq);
    if (this.catchUp && this.catchUp.acks.contiguous() >= this.catchUp.end) {
      this.o.logger.info({ upTo: this.catchUp.end }, 'cloud: backlog drained');
      this.catchUp = undefined;
    }
    this.saveCursor();
  }

  private saveCursor(): void {
    const pos = this.acknowledged();
    if (pos <= this.cursorTarget) return;
    this.cursorTarget = pos;
    if (this.advancing) return;
    this.advancing = (async () => {
      try {
        while (this.cursor && this.cursor.position() < this.cursorTarget) await this.cursor.advance(this.cursorTarget);
      } catch (e) {
        this.o.logger.error({ err: e }, 'cloud: cursor not saved');
      } finally {
        this.advancing = undefined;
      }
    })();
  }

  private async failed(batch: OutBatch, failure: SendFailure): Promise<void> {
    if (this.stopped) return;
    const left = batch.events.filter((e) => this.outstandingAt.has(e.jseq));
    if (left.length === 0) {
      this.pump();
      return;
    }
    const again: OutBatch =
      left.length === batch.events.length ? batch : { key: batchKey(this.o.storeId, left), events: left };
    if (failure.kind === 'park') {
      await this.park(again, failure.status, failure.detail);
      this.pump();
      return;
    }
    this.resent += again.events.length;
    this.resend.push(again);
    this.resend.sort((a, b) => (a.events[0]?.jseq ?? 0) - (b.events[0]?.jseq ?? 0));
    if (failure.kind === 'refused') {
      this.refused = true;
      this.alert = {
        code: ErrorCodes.CLOUD_REFUSED,
        status: failure.status,
        at: this.o.clock.now(),
        detail: failure.detail,
      };
      this.o.logger.error(
        { code: ErrorCodes.CLOUD_REFUSED, status: failure.status, detail: failure.detail },
        'cloud refused the store credentials; forwarding stopped until the cloud config is fixed',
      );
      this.publishState(true);
      return;
    }
    if (failure.kind === 'disconnected') return; // the transport reconnects and calls onConnected(true)
    const delay =
      failure.afterMs ??
      backoffDelay({ minMs: this.o.retryMinMs, maxMs: this.o.retryMaxMs }, this.attempt, this.o.random ?? Math.random);
    this.attempt += 1;
    this.o.logger.warn(
      { status: failure.status, detail: failure.detail, delayMs: delay, key: again.key },
      'cloud batch retry',
    );
    if (this.retryCancel) return;
    this.retryCancel = this.o.clock.setTimeout(() => {
      this.retryCancel = undefined;
      this.pump();
    }, delay);
  }

  private async park(batch: OutBatch, status: number, detail: string): Promise<void> {
    await mkdir(this.o.parkDir, { recursive: true });
    const file = join(this.o.parkDir, `${batch.key}.ndjson`);
    const handle = await nodeJournalFiles.openAppend(file);
    try {
      await handle.write(Buffer.from(batch.events.map((e) => `${JSON.stringify(e)}\n`).join(''), 'utf8'));
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await nodeJournalFiles.syncDir(this.o.parkDir);
    this.parked += 1;
    this.alert = { code: ErrorCodes.CLOUD_PARKED, status, at: this.o.clock.now(), detail: `${detail} (${file})` };
    this.o.logger.error(
      { code: ErrorCodes.CLOUD_PARKED, status, detail, file, events: batch.events.length },
      'cloud refused a batch for good; parked to a file, forwarding goes on',
    );
    for (const e of batch.events) this.acked(e.jseq);
    this.publishState(true);
  }
}
