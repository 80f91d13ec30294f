/**
 * The business part of a room tile: state by colour and word, room type, elapsed time (ticking
 * locally every second) and the bill so far, the booking, alerts. Hook: `data-state` on the tile.
 */
import type { MessageKey } from '@ktv/protocol';
import { hhmm, hms, yuan } from './business-format.js';
import type { BusinessRoom, RoomBusiness } from './business-types.js';
import { ago, t } from './i18n.js';

function div(className: string, text = ''): HTMLDivElement {
  const node = document.createElement('div');
  node.className = className;
  node.textContent = text;
  return node;
}

/** Fills an element that shows running time; the ticker keeps it current. */
export function timeElement(
  className: string,
  openedAt: number,
  plannedEndAt: number | null,
  labelled = true,
): HTMLElement {
  const node = div(className);
  if (!labelled) node.dataset.bare = 'true';
  node.dataset.openedAt = String(openedAt);
  if (plannedEndAt !== null) node.dataset.plannedEndAt = String(plannedEndAt);
  updateTime(node, Date.now());
  return node;
}

function updateTime(node: HTMLElement, now: number): void {
  const openedAt = Number(node.dataset.openedAt);
  if (node.childElementCount === 0) {
    node.append(document.createElement('span'));
    if (node.dataset.plannedEndAt) node.append(document.createElement('span'));
  }
  const [elapsed, left] = [...node.children] as HTMLElement[];
  const used = hms(now - openedAt);
  setText(elapsed, node.dataset.bare ? used : t('desk.tile.elapsed', { time: used }));
  if (left && node.dataset.plannedEndAt) {
    const ms = Number(node.dataset.plannedEndAt) - now;
    setText(left, t(ms < 0 ? 'desk.tile.overtime' : 'desk.tile.remaining', { time: hms(Math.abs(ms)) }));
    node.dataset.overtime = String(ms < 0);
  }
}

function setText(node: HTMLElement | undefined, text: string): void {
  if (node && node.textContent !== text) node.textContent = text;
}

/** Every second: the elapsed time of every tile and of the open drawer. */
export function startTicker(): void {
  window.setInterval(() => {
    const now = Date.now();
    for (const node of document.querySelectorAll<HTMLElement>('[data-opened-at]')) updateTime(node, now);
  }, 1000);
}

export function alertList(business: RoomBusiness, now: number): HTMLElement {
  const list = document.createElement('ul');
  list.className = 'biz-alerts';
  for (const alert of business.alerts) {
    const item = document.createElement('li');
    item.dataset.alert = alert.code;
    item.textContent = t('desk.alert.since', {
      alert: t(`desk.alert.${alert.code}` as MessageKey),
      ago: ago(alert.since, now),
    });
    list.append(item);
  }
  return list;
}

/** Appends the business block to a tile that render.ts has just filled. */
export function renderBusinessTile(tile: HTMLElement, room: BusinessRoom): void {
  const business = room.business;
  tile.querySelector('.biz')?.remove();
  if (!business) {
    delete tile.dataset.state;
    return;
  }
  tile.dataset.state = business.state;
  tile.dataset.alert = String(business.alerts.length > 0);
  const block = div('biz');
  const head = div('biz-head');
  head.append(
    div('biz-state', t(`desk.state.${business.state}` as MessageKey)),
    div('biz-type', business.roomTypeName),
  );
  block.append(head);
  const s = business.session;
  if (s) {
    block.append(timeElement('biz-time', s.openedAt, s.plannedEndAt));
    block.append(div('biz-bill', t('desk.tile.bill', { amount: yuan(s.billSoFarFen) })));
  }
  if (business.booking) {
    block.append(
      div('biz-booking', t('desk.tile.booking', { name: business.booking.name, time: hhmm(business.booking.at) })),
    );
  }
  if (business.alerts.length > 0) block.append(alertList(business, Date.now()));
  tile.append(block);
}
