/** receipt.html?session=ID: the 小票 of one session for an 80 mm printer (`&print=1` prints at once). */
import { call, sessionPath } from './business-api.js';
import { renderBill } from './business-bill.js';
import { h } from './business-dom.js';
import { dateTime, setTimeZone } from './business-format.js';
import type { Bill, BusinessSettings, SessionView } from './business-types.js';
import { loadCatalog, t } from './i18n.js';

interface ClosedSession extends SessionView {
  closedAt?: number | null;
}

async function roomName(room: string): Promise<string> {
  const r = await call<{ rooms: { room: string; roomName: string }[] }>('GET', '/api/rooms');
  return r.ok ? (r.body.rooms.find((x) => x.room === room)?.roomName ?? room) : room;
}

/** The store's name (and time zone) from the business settings, when the gateway gives them. */
async function storeName(): Promise<string> {
  const r = await call<BusinessSettings & { storeId?: string }>('GET', '/api/business/settings');
  if (!r.ok) return t('app.name');
  setTimeZone(r.body.timeZone);
  return r.body.storeName ?? r.body.storeId ?? t('app.name');
}

async function start(): Promise<void> {
  await loadCatalog();
  document.documentElement.lang = 'zh-CN';
  document.title = t('receipt.title');
  const main = document.getElementById('receipt') as HTMLElement;
  const printButton = document.getElementById('receipt-print') as HTMLButtonElement;
  printButton.textContent = t('receipt.print');
  printButton.addEventListener('click', () => window.print());
  const params = new URLSearchParams(location.search);
  const id = params.get('session') ?? '';
  const r = id ? await call<{ session: ClosedSession; bill: Bill }>('GET', sessionPath(id)) : null;
  if (!r?.ok) {
    main.replaceChildren(h('h1', {}, t('receipt.notFound')));
    main.dataset.ready = 'error';
    return;
  }
  const { session, bill } = r.body;
  const [room, store] = await Promise.all([roomName(session.room), storeName()]);
  const closedAt = session.closedAt ?? null;
  main.replaceChildren(
    h('h1', {}, t('receipt.title')),
    h(
      'div',
      { class: 'meta' },
      h('p', {}, t('receipt.store', { store })),
      h('p', {}, t('receipt.room', { room })),
      h('p', {}, t('receipt.session', { id: session.sessionId })),
      h('p', {}, t('receipt.openedAt', { time: dateTime(session.openedAt) })),
      h('p', {}, closedAt ? t('receipt.closedAt', { time: dateTime(closedAt) }) : t('receipt.open')),
      h('p', {}, t('receipt.printedAt', { time: dateTime(Date.now()) })),
    ),
    renderBill(bill, 'receipt'),
    h('p', { class: 'thanks' }, t('receipt.thanks')),
  );
  main.dataset.ready = 'true';
  if (params.get('print') === '1') window.print();
}

void start();
