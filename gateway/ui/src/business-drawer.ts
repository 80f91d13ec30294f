/**
 * The room drawer: a tap on a tile opens it with the actions the room's state allows (开房, 续钟,
 * 换房, 点单, 退单, 结账 + 打印小票, 清扫完成, 预订 / 取消预订, 维修). Hooks: `#room-drawer[data-drawer-room]
 * [data-state]`, actions `[data-action]`, the open form `#desk-form[data-form]` with its
 * `[data-action="confirm"]`, order lines `[data-line-id]`, the bill `#bill-total[data-fen]`.
 */
import { call, roomPath, sessionPath } from './business-api.js';
import { renderBill } from './business-bill.js';
import { button, h } from './business-dom.js';
import { dateTime, setTimeZone, yuan } from './business-format.js';
import {
  bookBody,
  bookForm,
  extendForm,
  moveForm,
  openBody,
  openForm,
  orderBody,
  orderForm,
  voidForm,
} from './business-forms.js';
import { alertList, timeElement } from './business-tile.js';
import { refusal, toast } from './business-toast.js';
import {
  ACTIONS_BY_STATE,
  type Bill,
  type BusinessRoom,
  type BusinessSettings,
  type DeskAction,
  type SessionView,
} from './business-types.js';
import { t } from './i18n.js';

type FormKind = 'open' | 'extend' | 'move' | 'order' | 'void' | 'checkout' | 'checkedOut' | 'book';

const rooms = new Map<string, BusinessRoom>();
let openRoom: string | null = null;
let form: FormKind | null = null;
let formSession: string | null = null;
let settings: BusinessSettings | null = null;

function drawer(): HTMLElement {
  let el = document.getElementById('room-drawer');
  if (el) return el;
  el = h(
    'div',
    { id: 'room-drawer', hidden: '' },
    h('div', { class: 'drawer-backdrop' }),
    h(
      'aside',
      { class: 'drawer-panel', role: 'dialog', 'aria-modal': 'true' },
      h('header', { class: 'drawer-head' }),
      h('section', { class: 'drawer-summary' }),
      h('nav', { class: 'drawer-actions' }),
      h('section', { id: 'desk-form' }),
    ),
  );
  el.querySelector('.drawer-backdrop')?.addEventListener('click', closeDrawer);
  document.body.append(el);
  return el;
}

const part = (selector: string) => drawer().querySelector(selector) as HTMLElement;

export function closeDrawer(): void {
  openRoom = null;
  form = null;
  formSession = null;
  drawer().hidden = true;
}

export function openDrawer(room: string): void {
  if (openRoom !== room) {
    form = null;
    formSession = null;
  }
  openRoom = room;
  drawer().hidden = false;
  renderDrawer();
}

/** Keeps the drawer in step with the live room (called for every room update). */
export function roomChanged(room: BusinessRoom): void {
  rooms.set(room.room, room);
  if (room.room === openRoom) renderDrawer();
}

async function loadSettings(): Promise<BusinessSettings | null> {
  const r = await call<BusinessSettings>('GET', '/api/business/settings');
  if (!r.ok) {
    refusal(r.code);
    return null;
  }
  settings = r.body;
  setTimeZone(r.body.timeZone);
  return settings;
}

/** Runs an API call; shows a refusal, or says done. */
async function act<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T | null> {
  const r = await call<T>(method, path, body);
  if (!r.ok) {
    refusal(r.code);
    return null;
  }
  return r.body;
}

function summary(room: BusinessRoom): HTMLElement[] {
  const b = room.business;
  if (!b) return [];
  const out: HTMLElement[] = [];
  if (b.alerts.length > 0) out.push(alertList(b, Date.now()));
  if (b.booking) {
    out.push(
      h('p', { class: 'booking' }, t('desk.tile.booking', { name: b.booking.name, time: dateTime(b.booking.at) })),
    );
  }
  const s = b.session;
  if (s) out.push(...sessionSummary(s));
  return out;
}

function sessionSummary(s: SessionView): HTMLElement[] {
  const facts = h(
    'dl',
    { class: 'facts' },
    h('dt', {}, t('desk.session.openedAt')),
    h('dd', {}, dateTime(s.openedAt)),
    ...(s.plannedEndAt !== null
      ? [h('dt', {}, t('desk.session.plannedEnd')), h('dd', {}, dateTime(s.plannedEndAt))]
      : []),
    h('dt', {}, t('desk.session.elapsed')),
    h('dd', {}, timeElement('drawer-time', s.openedAt, s.plannedEndAt, false)),
    h('dt', {}, t('desk.session.billSoFar')),
    h('dd', { class: 'bill-so-far', 'data-fen': String(s.billSoFarFen) }, yuan(s.billSoFarFen)),
    ...(s.memberLevel ? [h('dt', {}, t('desk.session.member')), h('dd', {}, memberName(s.memberLevel))] : []),
  );
  const orders = h('ul', { class: 'orders' });
  for (const line of s.orders) {
    const li = h(
      'li',
      { 'data-line-id': line.lineId, 'data-voided': String(Boolean(line.voided)) },
      h('span', { class: 'order-name' }, `${line.name} × ${line.qty}`),
      h('span', { class: 'order-amount' }, yuan(line.unitPriceFen * line.qty)),
    );
    if (line.voided)
      li.append(h('span', { class: 'order-void' }, t('desk.void.voided', { reason: line.voided.reason })));
    else {
      li.append(
        button(t('desk.action.void'), { 'data-action': 'void', class: 'danger' }, () => {
          form = 'void';
          formSession = line.lineId;
          void renderForm();
        }),
      );
    }
    orders.append(li);
  }
  return [
    facts,
    h('h3', {}, t('desk.session.orders')),
    s.orders.length > 0 ? orders : h('p', { class: 'empty' }, t('desk.session.noOrders')),
  ];
}

function memberName(id: string): string {
  return settings?.memberLevels.find((l) => l.id === id)?.name ?? id;
}

const ACTION_LABEL: Record<DeskAction, Parameters<typeof t>[0]> = {
  open: 'desk.action.open',
  extend: 'desk.action.extend',
  move: 'desk.action.move',
  order: 'desk.action.order',
  checkout: 'desk.action.checkout',
  clean: 'desk.action.clean',
  book: 'desk.action.book',
  unbook: 'desk.action.unbook',
  maintenanceOn: 'desk.action.maintenanceOn',
  maintenanceOff: 'desk.action.maintenanceOff',
};

function actionButton(room: string, action: DeskAction): HTMLButtonElement {
  const attrs: Record<string, string> =
    action === 'maintenanceOn' || action === 'maintenanceOff'
      ? { 'data-action': 'maintenance', 'data-on': String(action === 'maintenanceOn') }
      : { 'data-action': action };
  attrs.class = action === 'checkout' || action === 'open' ? 'primary' : '';
  return button(t(ACTION_LABEL[action]), attrs, () => void onAction(room, action));
}

async function onAction(room: string, action: DeskAction): Promise<void> {
  switch (action) {
    case 'clean':
    case 'unbook':
      if (await act('POST', roomPath(room, action))) toast(t('desk.done'), 'ok');
      return;
    case 'maintenanceOn':
    case 'maintenanceOff':
      if (await act('POST', roomPath(room, 'maintenance'), { on: action === 'maintenanceOn' }))
        toast(t('desk.done'), 'ok');
      return;
    default:
      form = action;
      formSession = rooms.get(room)?.business?.session?.sessionId ?? null;
      await renderForm();
  }
}

function renderDrawer(): void {
  if (!openRoom) return;
  const room = rooms.get(openRoom);
  const el = drawer();
  if (!room) {
    closeDrawer();
    return;
  }
  const state = room.business?.state;
  el.dataset.drawerRoom = room.room;
  el.dataset.state = state ?? '';
  const head = part('.drawer-head');
  head.replaceChildren(
    h('h2', {}, t('desk.drawer.title', { room: room.roomName })),
    h('span', { class: 'drawer-state', 'data-state': state ?? '' }, state ? t(`desk.state.${state}`) : ''),
    h('span', { class: 'drawer-type' }, room.business?.roomTypeName ?? ''),
    button(t('desk.drawer.close'), { 'data-action': 'close-drawer' }, closeDrawer),
  );
  part('.drawer-summary').replaceChildren(...summary(room));
  const actions = state ? ACTIONS_BY_STATE[state] : [];
  part('.drawer-actions').replaceChildren(...actions.map((a) => actionButton(room.room, a)));
  // An open form stays when another desk changes the room: confirming then shows the refusal.
}

function formFrame(kind: FormKind, title: string, fields: HTMLElement, onConfirm?: () => void, confirmText?: string) {
  const el = part('#desk-form');
  el.dataset.form = kind;
  const buttons = h('div', { class: 'form-buttons' });
  if (onConfirm) {
    buttons.append(
      button(confirmText ?? t('desk.action.confirm'), { 'data-action': 'confirm', class: 'primary' }, onConfirm),
    );
  }
  buttons.append(
    button(t('desk.action.cancel'), { 'data-action': 'cancel' }, () => {
      form = null;
      el.replaceChildren();
      delete el.dataset.form;
    }),
  );
  el.replaceChildren(h('h3', {}, title), fields, buttons);
  el.scrollIntoView({ block: 'nearest' });
}

async function renderForm(): Promise<void> {
  const room = openRoom ? rooms.get(openRoom) : undefined;
  const kind = form;
  if (!room || !kind) return;
  const el = part('#desk-form');
  const session = room.business?.session ?? null;
  const roomId = room.room;
  switch (kind) {
    case 'open': {
      const s = await loadSettings();
      if (!s || form !== kind) return;
      formFrame(kind, t('desk.action.open'), openForm(s, room.business?.roomType ?? ''), async () => {
        const body = openBody(el);
        if (body && (await act('POST', roomPath(roomId, 'open'), body))) done();
      });
      return;
    }
    case 'extend':
      if (!session) return;
      formFrame(kind, t('desk.action.extend'), extendForm(), async () => {
        const minutes = Number((el.querySelector('#extend-minutes') as HTMLSelectElement).value);
        if (await act('POST', sessionPath(session.sessionId, '/extend'), { minutes })) done();
      });
      return;
    case 'move':
      if (!session) return;
      formFrame(
        kind,
        t('desk.action.move'),
        moveForm([...rooms.values()], roomId, async (toRoom) => {
          if (await act('POST', sessionPath(session.sessionId, '/move'), { toRoom })) {
            done();
            openDrawer(toRoom);
          }
        }),
      );
      return;
    case 'order': {
      if (!session) return;
      const s = await loadSettings();
      if (!s || form !== kind) return;
      formFrame(kind, t('desk.action.order'), orderForm(s.menu), async () => {
        const body = orderBody(el);
        if (!body) return toast(t('desk.order.pick'), 'error');
        if (await act('POST', sessionPath(session.sessionId, '/orders'), body)) done();
      });
      return;
    }
    case 'void': {
      const line = session?.orders.find((o) => o.lineId === formSession);
      if (!session || !line) return;
      formFrame(kind, t('desk.action.void'), voidForm(line), async () => {
        const reason = (el.querySelector('#void-reason') as HTMLInputElement).value.trim();
        if (!reason) return toast(t('desk.void.reasonRequired'), 'error', 'KTV_E_VOID_REASON');
        const path = sessionPath(session.sessionId, `/orders/${encodeURIComponent(line.lineId)}/void`);
        if (await act('POST', path, { reason })) done();
      });
      (el.querySelector('#void-reason') as HTMLInputElement).focus();
      return;
    }
    case 'checkout': {
      if (!session) return;
      const quote = await act<{ session: SessionView; bill: Bill }>('GET', sessionPath(session.sessionId));
      if (!quote || form !== kind) return;
      const sessionId = session.sessionId;
      const preview = h(
        'div',
        { class: 'bill-wrap', 'data-final': 'false' },
        h('p', { class: 'hint' }, t('desk.checkout.preview')),
      );
      preview.append(renderBill(quote.bill));
      formFrame(
        kind,
        t('desk.action.checkout'),
        preview,
        async () => {
          const closed = await act<{ session: SessionView; bill: Bill }>('POST', sessionPath(sessionId, '/checkout'));
          if (closed) showCheckedOut(sessionId, closed.bill);
        },
        t('desk.checkout.confirm'),
      );
      return;
    }
    case 'book':
      formFrame(kind, t('desk.action.book'), bookForm(), async () => {
        const body = bookBody(el, Date.now());
        if (!body) return toast(t('desk.book.required'), 'error');
        if (await act('POST', roomPath(roomId, 'book'), body)) done();
      });
      return;
    case 'checkedOut':
      return;
  }
}

function showCheckedOut(sessionId: string, bill: Bill): void {
  form = 'checkedOut';
  const el = part('#desk-form');
  el.dataset.form = 'checkedOut';
  const wrap = h(
    'div',
    { class: 'bill-wrap', 'data-final': 'true' },
    h('p', { class: 'hint ok' }, t('desk.checkout.done')),
  );
  wrap.append(renderBill(bill));
  el.replaceChildren(
    h('h3', {}, t('desk.bill.title')),
    wrap,
    h(
      'div',
      { class: 'form-buttons' },
      button(t('desk.action.print'), { 'data-action': 'print', class: 'primary' }, () => {
        window.open(`/receipt.html?session=${encodeURIComponent(sessionId)}&print=1`, '_blank');
      }),
      button(t('desk.drawer.close'), { 'data-action': 'cancel' }, closeDrawer),
    ),
  );
  el.scrollIntoView({ block: 'nearest' });
  toast(t('desk.checkout.done'), 'ok');
}

function done(): void {
  form = null;
  const el = part('#desk-form');
  el.replaceChildren();
  delete el.dataset.form;
  toast(t('desk.done'), 'ok');
}

/** Language switched: redraw what is open (an open form starts again). */
export function redrawDrawer(): void {
  renderDrawer();
  if (form && form !== 'checkedOut') void renderForm();
}
