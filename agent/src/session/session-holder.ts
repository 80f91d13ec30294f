import type { SessionSummary } from '@ktv/protocol';

/** What `session.update` carries once decoded: the summary (null: no session) and when the gateway sent it. */
export interface SessionUpdate {
  session: SessionSummary | null;
  at: number;
}

/**
 * The room's running session as the gateway last described it (开房 … 结账). The gateway sends the
 * whole summary on every change and again when the room comes online, so the latest wins; an
 * update older than the one already applied (a redelivery that arrives late) is ignored.
 */
export class SessionHolder {
  private current: SessionSummary | null = null;
  private lastAt = Number.NEGATIVE_INFINITY;

  get session(): SessionSummary | null {
    return this.current;
  }

  /** Applies an update; true when what the screens show changed. */
  apply(update: SessionUpdate): boolean {
    if (update.at < this.lastAt) return false;
    this.lastAt = update.at;
    const before = JSON.stringify(this.current);
    this.current = update.session;
    return JSON.stringify(this.current) !== before;
  }
}
