/** The cloud link as the admin page shows it (GET /api/cloud/link, live message `cloud`). */
export interface CloudLinkState {
  enabled: boolean;
  transport: 'mqtt' | 'https' | null;
  connected: boolean;
  /** Journal records not yet acknowledged by the cloud (lastSeq - cursor). */
  waiting: number;
  /** Age in ms of the oldest waiting record (now - its gateway receipt time), null when none waits. */
  oldestAgeMs: number | null;
  /** When the cloud last acknowledged something, ms; null if never since start. */
  lastAckAt: number | null;
  /** The forwarder's durable cursor (journal seq). */
  cursor: number;
  lastSeq: number;
  /** Catch-up after an outage: the live lane's start, null when no backlog is being drained. */
  catchUp: { liveFrom: number; remaining: number } | null;
  /** An alert for the front desk/technician: refused credentials or parked batches. */
  alert: { code: string; status: number | null; at: number; detail: string } | null;
  parkedBatches: number;
  /** Events sent again after a reconnect or retry (the cloud de-duplicates them by id). */
  resent: number;
}

export function disabledLinkState(): CloudLinkState {
  return {
    enabled: false,
    transport: null,
    connected: false,
    waiting: 0,
    oldestAgeMs: null,
    lastAckAt: null,
    cursor: 0,
    lastSeq: 0,
    catchUp: null,
    alert: null,
    parkedBatches: 0,
    resent: 0,
  };
}
