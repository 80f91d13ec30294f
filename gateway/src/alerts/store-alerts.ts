/**
 * Store-wide alerts (not tied to one room's business state): the disk filling up, a room agent's
 * clock off, a push from the cloud refused. One alert per (code, subject); raising it again keeps
 * its `since` and updates its detail; clearing removes it. The admin page lists them
 * (`GET /api/alerts`, websocket message `alerts`); the words come from the message catalog
 * (`storeAlert.{code}` with the detail as placeholders).
 */
export type StoreAlertCode =
  /** Data folder at or above the warning level (default 80 %). */
  | 'diskWarn'
  /** Data folder at or above the critical level (default 95 %): telemetry is being coalesced. */
  | 'diskCritical'
  /** A journal write failed for lack of space; money operations are refused until space returns. */
  | 'diskFull'
  /** A room agent's clock differs from the gateway's by more than the threshold. */
  | 'clockSkew'
  /** A push from the cloud was refused (signature, version, body). */
  | 'cloudPushRefused';

export type AlertDetail = Readonly<Record<string, string | number>>;

export interface StoreAlert {
  code: StoreAlertCode;
  /** What it is about: a room, a push kind, the data folder. */
  subject: string;
  since: number;
  detail: AlertDetail;
}

export class StoreAlerts {
  private readonly alerts = new Map<string, StoreAlert>();
  private readonly listeners = new Set<(alerts: StoreAlert[]) => void>();

  constructor(private readonly now: () => number) {}

  /** Raises (or updates the detail of) an alert; listeners hear of a new alert or a changed detail. */
  raise(code: StoreAlertCode, subject: string, detail: AlertDetail = {}): void {
    const key = `${code}\u0000${subject}`;
    const existing = this.alerts.get(key);
    if (existing && sameDetail(existing.detail, detail)) return;
    this.alerts.set(key, { code, subject, since: existing?.since ?? this.now(), detail: { ...detail } });
    this.emit();
  }

  clear(code: StoreAlertCode, subject: string): void {
    if (this.alerts.delete(`${code}\u0000${subject}`)) this.emit();
  }

  has(code: StoreAlertCode, subject: string): boolean {
    return this.alerts.has(`${code}\u0000${subject}`);
  }

  list(): StoreAlert[] {
    return [...this.alerts.values()].map((a) => ({ ...a, detail: { ...a.detail } }));
  }

  onChange(listener: (alerts: StoreAlert[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    const list = this.list();
    for (const l of this.listeners) {
      try {
        l(list);
      } catch {
        // a listener's failure is its own business
      }
    }
  }
}

function sameDetail(a: AlertDetail, b: AlertDetail): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}
