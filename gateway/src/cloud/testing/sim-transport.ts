import type { CloudEvent } from '../cloud-event.js';
import { type CloudTransport, type OutBatch, SendError, type SendFailure, type TransportHooks } from '../transport.js';

/**
 * The simulated twin of a cloud transport, for tests of the forwarder: a cloud in memory that
 * can be taken down, can answer a batch with a failure, and can hold acks back. Like the MQTT
 * bridge, a drop fails every unacknowledged send at once; like HTTPS, a failure is per batch.
 */
export class SimTransport implements CloudTransport {
  readonly kind: 'mqtt' | 'https';
  /** Every event delivered (duplicates included), in delivery order. */
  readonly delivered: CloudEvent[] = [];
  readonly keys: string[] = [];
  private up = false;
  private hooks: TransportHooks = { onConnected: () => undefined };
  private unacked = 0;
  private readonly pending = new Set<{ reject(e: SendError): void }>();
  /** The next sends answer with these failures, one per batch. */
  readonly failures: SendFailure[] = [];
  /** When true, events are delivered but not acknowledged until release(). */
  holdAcks = false;
  /** Batches holding an event with jseq >= holdFrom are delivered but not acknowledged. */
  holdFrom = Number.POSITIVE_INFINITY;
  private held: (() => void)[] = [];

  constructor(
    kind: 'mqtt' | 'https' = 'mqtt',
    private readonly window = 100,
  ) {
    this.kind = kind;
  }

  start(hooks: TransportHooks): void {
    this.hooks = hooks;
  }

  connected(): boolean {
    return this.up;
  }

  room(): number {
    return this.up ? Math.max(0, this.window - this.unacked) : 0;
  }

  setUp(up: boolean): void {
    if (up === this.up) return;
    this.up = up;
    if (!up) {
      for (const p of this.pending) p.reject(new SendError({ kind: 'disconnected', detail: 'sim down' }));
      this.pending.clear();
      this.held = [];
      this.unacked = 0;
    }
    this.hooks.onConnected(up);
  }

  release(): void {
    const held = this.held;
    this.held = [];
    for (const h of held) h();
  }

  distinctIds(): Set<string> {
    return new Set(this.delivered.map((e) => e.id));
  }

  send(batch: OutBatch, onAck: (jseq: number) => void): Promise<void> {
    if (!this.up) return Promise.reject(new SendError({ kind: 'disconnected', detail: 'sim down' }));
    const failure = this.failures.shift();
    this.keys.push(batch.key);
    if (failure) return Promise.reject(new SendError(failure));
    this.unacked += batch.events.length;
    return new Promise<void>((resolve, reject) => {
      const entry = { reject };
      this.pending.add(entry);
      const finish = () => {
        if (!this.pending.has(entry)) return;
        this.pending.delete(entry);
        this.unacked -= batch.events.length;
        for (const e of batch.events) onAck(e.jseq);
        resolve();
      };
      queueMicrotask(() => {
        if (!this.pending.has(entry)) return;
        this.delivered.push(...batch.events);
        if (this.holdAcks || batch.events.some((e) => e.jseq >= this.holdFrom)) this.held.push(finish);
        else finish();
      });
    });
  }

  async stop(): Promise<void> {
    this.setUp(false);
  }
}

/** A clock whose time moves only when the test says so. */
export class ManualClock {
  private t: number;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 0;

  constructor(start = Date.UTC(2026, 10, 20, 10, 0, 0)) {
    this.t = start;
  }

  now = (): number => this.t;

  setTimeout = (fn: () => void, ms: number): (() => void) => {
    const id = this.nextId++;
    this.timers.push({ at: this.t + Math.max(0, ms), fn, id });
    return () => {
      this.timers = this.timers.filter((x) => x.id !== id);
    };
  };

  pendingTimers(): number {
    return this.timers.length;
  }

  advance(ms: number): void {
    const until = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > until) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
    }
    this.t = until;
  }
}
