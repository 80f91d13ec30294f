import { el, panelTitle } from './dom.js';
import { t } from './i18n.js';

/** GET /api/energy (gateway/src/energy/hours.ts EnergyReport). */
interface EnergyReport {
  timeZone: string;
  from: string;
  to: string;
  rooms: {
    room: string;
    days: { date: string; onMs: number; inUseMs: number }[];
    totalOnMs: number;
    totalInUseMs: number;
  }[];
}

const DAY_MS = 86_400_000;

const hoursText = (ms: number) => t('admin.energy.hours', { n: (Math.round(ms / 360_000) / 10).toFixed(1) });
const isoDay = (ms: number) => new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 10);

/**
 * Energy hours on the admin page (能耗): per room and per day of the store's time zone, a bar of
 * the day's 24 hours with the hours in use and the hours powered while idle (what idle rooms
 * cost), and the figures. Collapsed until opened. DOM hooks: `#energy-tab` (opens it),
 * `#energy-from`, `#energy-to`, `#energy-show`; `#energy-panel` (data-loaded, data-from, data-to);
 * rows `[data-energy-room][data-date]` with data-on-ms and data-in-use-ms.
 */
export function startEnergyPanel(): { render(): void } {
  if (!document.querySelector('link[href="/energy.css"]')) {
    document.head.append(el('link', { rel: 'stylesheet', href: '/energy.css' }));
  }
  const section = el('section', { id: 'energy-panel', 'data-loaded': 'false' });
  document.querySelector('#desk-view')?.append(section);
  const today = isoDay(Date.now());
  let from = isoDay(Date.now() - 6 * DAY_MS);
  let to = today;
  let open = false;
  let report: EnergyReport | undefined;
  let error: string | undefined;

  async function load(): Promise<void> {
    section.dataset.loaded = 'false';
    error = undefined;
    try {
      const res = await fetch(`/api/energy?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
      const body = (await res.json()) as EnergyReport & { code?: string; message?: string };
      if (!res.ok) {
        error = body.message ?? body.code ?? String(res.status);
        report = undefined;
      } else {
        report = body;
      }
    } catch (e) {
      error = String(e);
      report = undefined;
    }
    render();
    section.dataset.loaded = 'true';
  }

  function controls(): HTMLElement {
    const fromInput = el('input', { id: 'energy-from', type: 'date', value: from, max: today });
    const toInput = el('input', { id: 'energy-to', type: 'date', value: to, max: today });
    const show = el('button', { id: 'energy-show', type: 'button' }, t('admin.energy.show'));
    show.addEventListener('click', () => {
      from = fromInput.value || from;
      to = toInput.value || to;
      void load();
    });
    const box = el('div', { class: 'energy-controls' });
    box.append(
      el('label', { for: 'energy-from' }, t('admin.energy.from')),
      fromInput,
      el('label', { for: 'energy-to' }, t('admin.energy.to')),
      toInput,
      show,
    );
    return box;
  }

  function bar(onMs: number, inUseMs: number): HTMLElement {
    const pct = (ms: number) => `${Math.min(100, (ms / DAY_MS) * 100).toFixed(2)}%`;
    const b = el('div', { class: 'energy-bar', role: 'img' });
    b.setAttribute(
      'aria-label',
      `${t('admin.energy.inUse')} ${hoursText(inUseMs)}, ${t('admin.energy.idle')} ${hoursText(onMs - inUseMs)}`,
    );
    b.append(
      el('span', { class: 'in-use', style: `width:${pct(inUseMs)}` }),
      el('span', { class: 'idle', style: `width:${pct(Math.max(0, onMs - inUseMs))}` }),
    );
    return b;
  }

  function table(r: EnergyReport): HTMLElement {
    const tableEl = el('table', { class: 'energy-table' });
    const head = el('tr');
    for (const key of ['admin.energy.room', 'admin.energy.date'] as const) head.append(el('th', {}, t(key)));
    head.append(el('th', { class: 'chart' }, '0 — 24'));
    for (const key of ['admin.energy.on', 'admin.energy.inUse', 'admin.energy.idle'] as const) {
      head.append(el('th', {}, t(key)));
    }
    tableEl.append(el('thead'));
    tableEl.tHead?.append(head);
    const body = el('tbody');
    for (const room of r.rooms) {
      for (const d of room.days) {
        const row = el('tr', {
          'data-energy-room': room.room,
          'data-date': d.date,
          'data-on-ms': String(d.onMs),
          'data-in-use-ms': String(d.inUseMs),
        });
        const chart = el('td', { class: 'chart' });
        chart.append(bar(d.onMs, d.inUseMs));
        row.append(
          el('td', {}, room.room),
          el('td', {}, d.date),
          chart,
          el('td', {}, hoursText(d.onMs)),
          el('td', {}, hoursText(d.inUseMs)),
          el('td', { class: d.onMs - d.inUseMs > 0 ? 'idle-cost' : '' }, hoursText(d.onMs - d.inUseMs)),
        );
        body.append(row);
      }
      const total = el('tr', { class: 'total', 'data-energy-total': room.room });
      total.append(
        el('td', {}, room.room),
        el('td', {}, t('admin.energy.total')),
        el('td', { class: 'chart' }),
        el('td', {}, hoursText(room.totalOnMs)),
        el('td', {}, hoursText(room.totalInUseMs)),
        el('td', {}, hoursText(room.totalOnMs - room.totalInUseMs)),
      );
      body.append(total);
    }
    tableEl.append(body);
    return tableEl;
  }

  function render(): void {
    section.dataset.from = from;
    section.dataset.to = to;
    const title = panelTitle('energy-tab', t('admin.energy.title'), open, () => {
      open = !open;
      render();
      if (open && !report) void load();
    });
    section.replaceChildren(title);
    if (!open) return;
    section.append(controls());
    if (error)
      section.append(el('p', { class: 'energy-error', role: 'alert' }, t('admin.energy.failed', { reason: error })));
    if (!report) return;
    section.append(el('p', { class: 'muted' }, t('admin.energy.timeZone', { tz: report.timeZone })), table(report));
  }

  render();
  return { render };
}
