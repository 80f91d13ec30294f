/**
 * The room's session (开房) in the header: 已用时长 counting locally from openedAt, 剩余 when the
 * paid time has an end, and 消费 so far as the gateway last computed it. Nothing without a session.
 * Hook: `#session` with `data-open="true|false"`.
 */
import type { SessionSummary } from '@ktv/protocol';
import { byId, h, setText } from './dom.js';
import { t } from './i18n.js';

let current: SessionSummary | null = null;
let ticker: ReturnType<typeof setInterval> | undefined;

/** "h:mm:ss" for a non-negative duration in ms. */
export function hms(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${Math.floor(s / 3600)}:${mm}:${ss}`;
}

/** ¥12.80 from integer fen. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function cell(name: string): HTMLElement {
  return h('span', { class: 'cell', 'data-cell': name }, h('span', { class: 'k' }), h('span', { class: 'v' }));
}

function ensureCells(panel: HTMLElement): void {
  if (panel.childElementCount > 0) return;
  panel.append(cell('elapsed'), cell('remaining'), cell('bill'));
}

function fill(panel: HTMLElement, name: string, label: string, value: string | null): void {
  const c = panel.querySelector<HTMLElement>(`[data-cell="${name}"]`);
  if (!c) return;
  c.hidden = value === null;
  setText(c.querySelector('.k') as HTMLElement, label);
  setText(c.querySelector('.v') as HTMLElement, value ?? '');
}

function tick(): void {
  const panel = byId('session');
  const s = current;
  panel.dataset.open = String(s !== null);
  panel.hidden = s === null;
  if (!s) return;
  ensureCells(panel);
  const now = Date.now();
  fill(panel, 'elapsed', t('touch.session.elapsed'), hms(now - s.openedAt));
  if (s.plannedEndAt === null) fill(panel, 'remaining', '', null);
  else {
    const left = s.plannedEndAt - now;
    panel.dataset.overtime = String(left < 0);
    fill(panel, 'remaining', t(left < 0 ? 'touch.session.overtime' : 'touch.session.remaining'), hms(Math.abs(left)));
  }
  fill(panel, 'bill', t('touch.session.bill'), yuan(s.billSoFarFen));
}

/** Shows the latest session (from each state push); the clock ticks on its own every second. */
export function renderSession(session: SessionSummary | null | undefined): void {
  current = session ?? null;
  tick();
  if (current && !ticker) ticker = setInterval(tick, 1000);
  if (!current && ticker) {
    clearInterval(ticker);
    ticker = undefined;
  }
}
