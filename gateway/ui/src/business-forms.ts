/**
 * The forms of the room drawer, one per action (开房, 续钟, 换房, 点单, 退单, 预订). Each builds its
 * fields and answers the request body to send, or null when the form is not complete.
 */

import { button, fieldValue, h, input, select } from './business-dom.js';
import { nextStoreTime, yuan } from './business-format.js';
import type { BusinessRoom, BusinessSettings, MenuItem, OrderLine } from './business-types.js';
import { t } from './i18n.js';

export const PREPAID_MINUTES = [60, 120, 180, 240];
export const EXTEND_MINUTES = [30, 60, 90, 120];

export function openForm(settings: BusinessSettings, roomType: string): HTMLElement {
  const packages = settings.packages.filter((p) => p.roomTypes.length === 0 || p.roomTypes.includes(roomType));
  return h(
    'div',
    { class: 'fields' },
    select(
      'open-plan',
      t('desk.open.ratePlan'),
      settings.ratePlans.map((p) => ({ value: p.id, text: p.name })),
    ),
    select('open-package', t('desk.open.package'), [
      { value: '', text: t('desk.open.noPackage') },
      ...packages.map((p) => ({
        value: p.id,
        text: t('desk.open.packageInfo', { name: p.name, minutes: p.durationMin, price: yuan(p.priceFen) }),
      })),
    ]),
    select('open-member', t('desk.open.memberLevel'), [
      { value: '', text: t('desk.open.noMember') },
      ...settings.memberLevels.map((l) => ({ value: l.id, text: l.name })),
    ]),
    select('open-prepaid', t('desk.open.prepaid'), [
      { value: '', text: t('desk.open.prepaidNone') },
      ...PREPAID_MINUTES.map((m) => ({ value: String(m), text: t('desk.minutes', { n: m }) })),
    ]),
  );
}

export function openBody(form: ParentNode): Record<string, string | number> | null {
  const ratePlanId = fieldValue(form, 'open-plan');
  if (!ratePlanId) return null;
  const body: Record<string, string | number> = { ratePlanId };
  const packageId = fieldValue(form, 'open-package');
  const memberLevel = fieldValue(form, 'open-member');
  const prepaid = fieldValue(form, 'open-prepaid');
  if (packageId) body.packageId = packageId;
  if (memberLevel) body.memberLevel = memberLevel;
  if (prepaid) body.prepaidMinutes = Number(prepaid);
  return body;
}

export function extendForm(): HTMLElement {
  return h(
    'div',
    { class: 'fields' },
    select(
      'extend-minutes',
      t('desk.extend.minutes'),
      EXTEND_MINUTES.map((m) => ({ value: String(m), text: t('desk.minutes', { n: m }) })),
    ),
  );
}

/** 换房: one big button per free room; a tap moves the party. */
export function moveForm(rooms: BusinessRoom[], from: string, onPick: (room: string) => void): HTMLElement {
  const free = rooms.filter((r) => r.room !== from && r.business?.state === 'idle');
  if (free.length === 0) return h('p', { class: 'empty' }, t('desk.move.none'));
  return h(
    'div',
    { class: 'fields' },
    h('span', { class: 'field-label' }, t('desk.move.toRoom')),
    h(
      'div',
      { class: 'choices' },
      ...free.map((r) =>
        button(`${r.roomName} · ${r.business?.roomTypeName ?? ''}`, { 'data-to-room': r.room }, () => onPick(r.room)),
      ),
    ),
  );
}

/** 点单: the menu by category (price, stock), a tap picks an item; quantity with − / +. */
export function orderForm(menu: MenuItem[]): HTMLElement {
  const root = h('div', { class: 'fields' });
  const picked = h('input', { id: 'order-item', type: 'hidden', value: '' });
  const categories = [...new Set(menu.map((m) => m.category))];
  const groups = categories.map((category) =>
    h(
      'div',
      { class: 'menu-group' },
      h('span', { class: 'field-label' }, category),
      h(
        'div',
        { class: 'choices' },
        ...menu
          .filter((m) => m.category === category)
          .map((m) => {
            const b = button('', { 'data-item-id': m.itemId, 'aria-pressed': 'false' }, () => {
              picked.value = m.itemId;
              for (const other of root.querySelectorAll('[data-item-id]')) other.setAttribute('aria-pressed', 'false');
              b.setAttribute('aria-pressed', 'true');
            });
            b.append(
              h('span', { class: 'item-name' }, m.name),
              h('span', { class: 'item-price' }, yuan(m.priceFen)),
              h(
                'span',
                { class: 'item-stock' },
                m.stock > 0 ? t('desk.order.stock', { n: m.stock }) : t('desk.order.soldOut'),
              ),
            );
            b.disabled = m.stock <= 0;
            return b;
          }),
      ),
    ),
  );
  const qty = h('input', { id: 'order-qty', type: 'number', min: '1', max: '99', value: '1', inputmode: 'numeric' });
  const step = (d: number) => {
    qty.value = String(Math.min(99, Math.max(1, (Number(qty.value) || 1) + d)));
  };
  root.append(
    picked,
    ...groups,
    h(
      'div',
      { class: 'qty' },
      h('span', { class: 'field-label' }, t('desk.order.qty')),
      button('−', { 'data-step': '-1' }, () => step(-1)),
      qty,
      button('+', { 'data-step': '1' }, () => step(1)),
    ),
  );
  return root;
}

export function orderBody(form: ParentNode): { itemId: string; qty: number } | null {
  const itemId = fieldValue(form, 'order-item');
  const qty = Math.floor(Number(fieldValue(form, 'order-qty')));
  if (!itemId || !(qty >= 1)) return null;
  return { itemId, qty };
}

export function voidForm(line: OrderLine): HTMLElement {
  return h(
    'div',
    { class: 'fields' },
    h('p', { class: 'void-line' }, `${line.name} × ${line.qty} · ${yuan(line.unitPriceFen * line.qty)}`),
    input('void-reason', t('desk.void.reason'), { type: 'text', maxlength: '200', autocomplete: 'off' }),
  );
}

export function bookForm(): HTMLElement {
  return h(
    'div',
    { class: 'fields' },
    input('book-name', t('desk.book.name'), { type: 'text', maxlength: '64', autocomplete: 'off' }),
    input('book-at', t('desk.book.at'), { type: 'time' }),
  );
}

/** The booking time: today at the given local time, or tomorrow when that time has passed. */
export function bookBody(form: ParentNode, now: number): { name: string; at: number } | null {
  const name = fieldValue(form, 'book-name').trim();
  const time = fieldValue(form, 'book-at');
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  if (!name || !m) return null;
  // The time is the store's (as every time on these screens), not the browser's.
  return { name, at: nextStoreTime(now, Number(m[1]), Number(m[2])) };
}
