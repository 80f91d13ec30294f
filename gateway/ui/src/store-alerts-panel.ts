import type { MessageKey } from '@ktv/protocol';
import { el } from './dom.js';
import { ago, t } from './i18n.js';

/** GET /api/alerts and the `alerts` live message (gateway/src/alerts/store-alerts.ts). */
interface StoreAlert {
  code: string;
  subject: string;
  since: number;
  detail: Record<string, string | number>;
}

interface OverrideRow {
  id: string;
  cloud: Record<string, unknown> | null;
  local: Record<string, unknown> | null;
  overridden: boolean;
}

/** GET /api/cloud/downlink (gateway/src/cloud/downlink/cloud-downlink.ts DownlinkView). */
interface DownlinkView {
  applied: Record<'ratePlans' | 'menu', { version: number; appliedAt: number } | null>;
  ratePlans: OverrideRow[];
  menu: OverrideRow[];
  catalog: { title: string; catalogVersion: string; version: number; appliedAt: number }[];
}

export interface StoreAlertsPanel {
  onLive(message: { type: string }): boolean;
  render(): void;
  refresh(): Promise<void>;
}

const KINDS = ['ratePlans', 'menu'] as const;

function kindName(kind: string): string {
  return t(`cloudDown.kind.${kind}` as MessageKey);
}

function alertText(a: StoreAlert): string {
  const params = { subject: a.subject, ...a.detail };
  if (a.code === 'clockSkew')
    return t(`storeAlert.clockSkew.${a.detail.direction === 'behind' ? 'behind' : 'ahead'}`, params);
  if (a.code === 'cloudPushRefused') return t('storeAlert.cloudPushRefused', { ...params, kind: kindName(a.subject) });
  return t(`storeAlert.${a.code}` as MessageKey, params);
}

/** A rate plan by its name, a menu item by name and price (元). */
function describe(v: Record<string, unknown> | null): string {
  if (!v) return t('cloudDown.removed');
  const name = typeof v.name === 'string' ? v.name : '';
  return typeof v.priceFen === 'number' ? `${name} ¥${(v.priceFen / 100).toFixed(2)}` : name;
}

/**
 * Store-wide alerts (disk, room agent clocks, refused pushes from head office) and what head
 * office pushed: versions applied and the store's own edits beside the cloud values (local
 * overrides). Read-only. DOM hooks: `#store-alerts-panel` with data-alerts (codes, comma separated)
 * and data-overrides (ids of overridden items).
 */
export function startStoreAlertsPanel(): StoreAlertsPanel {
  if (!document.querySelector('link[href="/store-alerts.css"]')) {
    document.head.append(el('link', { rel: 'stylesheet', href: '/store-alerts.css' }));
  }
  const section = el('section', { id: 'store-alerts-panel', 'data-alerts': '' });
  document.querySelector('#desk-view')?.append(section);
  let alerts: StoreAlert[] = [];
  let down: DownlinkView | undefined;

  function render(): void {
    const now = Date.now();
    section.replaceChildren(el('h2', {}, t('storeAlert.title')));
    section.dataset.alerts = alerts.map((a) => `${a.code}:${a.subject}`).join(',');
    if (alerts.length === 0) section.append(el('p', { class: 'store-alerts-none' }, t('storeAlert.none')));
    for (const a of alerts) {
      const cls = a.code === 'diskWarn' ? 'store-alert warn' : 'store-alert';
      section.append(
        el('p', { class: cls, role: 'alert', 'data-code': a.code }, `${alertText(a)} · ${ago(a.since, now)}`),
      );
    }
    if (!down) return;
    section.append(el('h2', {}, t('cloudDown.title')));
    const versions = el('ul', { class: 'cloud-down-versions' });
    for (const kind of KINDS) {
      const applied = down.applied[kind];
      versions.append(
        el(
          'li',
          {},
          applied
            ? `${t('cloudDown.version', { kind: kindName(kind), version: applied.version })} · ${ago(applied.appliedAt, now)}`
            : t('cloudDown.notYet', { kind: kindName(kind) }),
        ),
      );
    }
    for (const c of down.catalog.slice(0, 3)) {
      versions.append(el('li', {}, `${kindName('catalog')}: ${c.title} (${c.catalogVersion})`));
    }
    section.append(versions);
    const overridden = [...down.ratePlans, ...down.menu].filter((r) => r.overridden);
    section.dataset.overrides = overridden.map((r) => r.id).join(',');
    section.append(el('h3', {}, t('cloudDown.overrides')));
    const list = el('ul', { class: 'cloud-down-overrides' });
    if (overridden.length === 0) list.append(el('li', {}, t('cloudDown.noOverrides')));
    for (const r of overridden) {
      const cloud = r.cloud ? describe(r.cloud) : t('cloudDown.localOnly');
      list.append(el('li', { 'data-id': r.id }, `${r.id}: ${cloud} → ${describe(r.local)}`));
    }
    section.append(list);
  }

  async function refreshDownlink(): Promise<void> {
    const res = await fetch('/api/cloud/downlink');
    if (res.ok) {
      const body = (await res.json()) as DownlinkView | { enabled: false };
      down = 'applied' in body ? body : undefined;
    }
  }

  return {
    onLive(message) {
      if (message.type !== 'alerts') return false;
      alerts = (message as unknown as { alerts: StoreAlert[] }).alerts;
      // a refused or applied push changes what the downlink shows too
      void refreshDownlink().then(render);
      render();
      return true;
    },
    render,
    async refresh() {
      const res = await fetch('/api/alerts');
      if (res.ok) alerts = ((await res.json()) as { alerts: StoreAlert[] }).alerts;
      await refreshDownlink();
      render();
    },
  };
}
