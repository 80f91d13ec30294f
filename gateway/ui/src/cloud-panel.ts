import { el } from './dom.js';
import { ago, t } from './i18n.js';

/** GET /api/cloud/link and the `cloud` live message (gateway/src/cloud/link-state.ts). */
interface CloudLinkState {
  enabled: boolean;
  transport: 'mqtt' | 'https' | null;
  connected: boolean;
  waiting: number;
  oldestAgeMs: number | null;
  lastAckAt: number | null;
  catchUp: { liveFrom: number; remaining: number } | null;
  alert: { code: string; status: number | null; at: number; detail: string } | null;
  parkedBatches: number;
}

export interface CloudPanel {
  /** Takes the admin websocket's `cloud` messages; false for any other message. */
  onLive(message: { type: string }): boolean;
  render(): void;
  refresh(): Promise<void>;
}

/**
 * The cloud link on the admin page (总部云端): connected or not, events waiting, how long the
 * oldest has waited, the last acknowledgement, catch-up progress and an alert for a technician.
 * Read-only: the front desk sees it and has nothing to do (uploads resume by themselves).
 * DOM hooks: `#cloud-panel` with data-loaded, data-enabled, data-connected, data-waiting,
 * data-oldest-age-ms, data-last-ack-at, data-alert.
 */
export function startCloudPanel(): CloudPanel {
  if (!document.querySelector('link[href="/cloud.css"]')) {
    document.head.append(el('link', { rel: 'stylesheet', href: '/cloud.css' }));
  }
  const section = el('section', { id: 'cloud-panel', 'data-waiting': '0', 'data-connected': 'false' });
  document.querySelector('#desk-view')?.append(section);
  let state: CloudLinkState | undefined;
  let receivedAt = Date.now();

  function render(): void {
    section.replaceChildren(el('h2', {}, t('admin.cloud.title')));
    if (!state) return;
    const s = state;
    const d = section.dataset;
    d.loaded = 'true';
    d.enabled = String(s.enabled);
    d.connected = String(s.connected);
    d.waiting = String(s.waiting);
    d.oldestAgeMs = s.oldestAgeMs === null ? '' : String(s.oldestAgeMs);
    d.lastAckAt = s.lastAckAt === null ? '' : String(s.lastAckAt);
    d.alert = s.alert?.code ?? '';
    const facts = el('dl', { class: 'cloud-facts' });
    const fact = (key: Parameters<typeof t>[0], value: string, cls = '') =>
      facts.append(el('dt', {}, t(key)), el('dd', cls ? { class: cls } : {}, value));
    if (!s.enabled) {
      fact('admin.cloud.link', t('admin.cloud.disabled'), 'cloud-off');
      section.append(facts);
      return;
    }
    fact(
      'admin.cloud.link',
      s.connected ? t('admin.cloud.connected') : t('admin.cloud.disconnected'),
      s.connected ? 'cloud-up' : 'cloud-down',
    );
    fact(
      'admin.cloud.waiting',
      s.waiting === 0 ? t('admin.cloud.allSent') : t('admin.cloud.waitingCount', { n: s.waiting.toLocaleString() }),
    );
    const now = Date.now();
    // Ages move on between messages: count from when this state arrived.
    const oldest = s.oldestAgeMs === null ? null : now - (s.oldestAgeMs + (now - receivedAt));
    fact('admin.cloud.oldest', oldest === null ? t('admin.cloud.none') : ago(oldest, now));
    fact('admin.cloud.lastAck', ago(s.lastAckAt, now));
    section.append(facts);
    if (s.catchUp) {
      section.append(
        el('p', { class: 'cloud-catchup' }, t('admin.cloud.catchUp', { n: s.catchUp.remaining.toLocaleString() })),
      );
    }
    if (s.alert) {
      const text =
        s.alert.code === 'KTV_E_CLOUD_REFUSED'
          ? t('admin.cloud.alertRefused')
          : t('admin.cloud.alertParked', { n: s.parkedBatches });
      section.append(el('p', { class: 'cloud-alert', role: 'alert' }, text));
    }
    if (!s.connected) section.append(el('p', { class: 'cloud-hint' }, t('admin.cloud.hint')));
  }

  function take(next: CloudLinkState): void {
    state = next;
    receivedAt = Date.now();
    render();
  }

  window.setInterval(() => {
    if (state && state.waiting > 0) render();
  }, 1000);

  return {
    onLive(message) {
      if (message.type !== 'cloud') return false;
      take((message as unknown as { cloud: CloudLinkState }).cloud);
      return true;
    },
    render,
    async refresh() {
      const res = await fetch('/api/cloud/link');
      if (res.ok) take((await res.json()) as CloudLinkState);
    },
  };
}
