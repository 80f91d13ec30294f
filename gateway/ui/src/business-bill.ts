/** A bill as a table that explains itself: every line with minutes, rates and amounts, then the totals. */
import type { MessageKey } from '@ktv/protocol';
import { hhmm, lineMinutes, yuan } from './business-format.js';
import type { Bill, BillLine } from './business-types.js';
import { t } from './i18n.js';

function cellEl(tag: 'td' | 'th', className: string, text: string): HTMLTableCellElement {
  const c = document.createElement(tag);
  c.className = className;
  c.textContent = text;
  return c;
}

/** The second line of a bill line: what it is made of (room, band, times, minutes × rate, qty × price). */
export function lineDetail(line: BillLine): string {
  const parts: string[] = [];
  if (line.room) parts.push(line.room);
  // A time line with the gateway's own explanation: that says it all (periods, minutes, rate).
  if (line.note && line.rateFenPerHour !== undefined) return [...parts, line.note].join(' · ');
  if (line.period) parts.push(line.period);
  if (line.from !== undefined && line.to !== undefined) parts.push(`${hhmm(line.from)}–${hhmm(line.to)}`);
  const minutes = lineMinutes(line.minutes, line.seconds);
  if (minutes !== undefined) parts.push(t('desk.bill.minutes', { n: minutes }));
  if (line.rateFenPerHour !== undefined) parts.push(t('desk.bill.rate', { price: yuan(line.rateFenPerHour) }));
  if (line.qty !== undefined && line.unitPriceFen !== undefined) {
    parts.push(t('desk.bill.qty', { qty: line.qty, price: yuan(line.unitPriceFen) }));
  }
  if (line.note) parts.push(line.note);
  return parts.join(' · ');
}

/** field, words, shown when 0, subtracted from the total (shown negative). */
const TOTAL_ROWS: [keyof Bill, MessageKey, boolean, boolean][] = [
  ['roomFeeFen', 'desk.bill.roomFee', true, false],
  ['ordersFen', 'desk.bill.orders', true, false],
  ['discountFen', 'desk.bill.discount', false, true],
  ['serviceChargeFen', 'desk.bill.serviceCharge', false, false],
  ['minimumSpendTopUpFen', 'desk.bill.minimumSpend', false, false],
  ['roundDownFen', 'desk.bill.roundDown', false, true],
];

/**
 * `table.bill` with `tr[data-bill-line][data-kind]` per line (`data-fen` = amount) and the total in
 * `#bill-total[data-fen]` (`idPrefix` keeps ids unique when two bills are on one page).
 */
export function renderBill(bill: Bill, idPrefix = 'bill'): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'bill';
  const body = document.createElement('tbody');
  bill.lines.forEach((line, index) => {
    const row = document.createElement('tr');
    row.dataset.billLine = String(index);
    row.dataset.kind = line.kind;
    row.dataset.fen = String(line.amountFen);
    const what = cellEl('td', 'what', '');
    const label = document.createElement('div');
    label.className = 'label';
    label.textContent = line.label || t(`desk.bill.kind.${line.kind}` as MessageKey);
    const detail = document.createElement('div');
    detail.className = 'detail';
    detail.textContent = lineDetail(line);
    what.append(label, detail);
    row.append(what, cellEl('td', 'amount', yuan(line.amountFen)));
    body.append(row);
  });
  const foot = document.createElement('tfoot');
  for (const [field, key, always, subtracted] of TOTAL_ROWS) {
    const raw = bill[field] as number;
    if (!always && raw === 0) continue;
    const fen = subtracted ? -Math.abs(raw) : raw;
    const row = document.createElement('tr');
    row.className = 'sum';
    row.dataset.sum = field;
    row.append(cellEl('th', 'what', t(key)), cellEl('td', 'amount', yuan(fen)));
    foot.append(row);
  }
  const total = document.createElement('tr');
  total.className = 'total';
  const amount = cellEl('td', 'amount', yuan(bill.totalFen));
  amount.id = `${idPrefix}-total`;
  amount.dataset.fen = String(bill.totalFen);
  total.append(cellEl('th', 'what', t('desk.bill.total')), amount);
  foot.append(total);
  table.append(body, foot);
  return table;
}
