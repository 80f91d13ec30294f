import type { MessageKey } from '@ktv/protocol';
import { t } from './i18n.js';

const SHOW_MS = 4000;
let timer: number | undefined;

/** The business API's stable codes -> the front desk's words. */
const ERROR_KEYS: Record<string, MessageKey> = {
  NETWORK: 'desk.error.network',
  KTV_E_BAD_REQUEST: 'desk.error.badRequest',
  KTV_E_UNAUTHORIZED: 'desk.error.unauthorized',
  KTV_E_UNKNOWN_ROOM: 'desk.error.unknownRoom',
  KTV_E_ROOM_STATE: 'desk.error.roomState',
  KTV_E_SESSION_UNKNOWN: 'desk.error.sessionUnknown',
  KTV_E_SESSION_CLOSED: 'desk.error.sessionClosed',
  KTV_E_ORDER_LINE_UNKNOWN: 'desk.error.lineUnknown',
  KTV_E_ORDER_LINE_VOIDED: 'desk.error.lineVoided',
  KTV_E_ITEM_UNKNOWN: 'desk.error.itemUnknown',
  KTV_E_OUT_OF_STOCK: 'desk.error.outOfStock',
  KTV_E_VOID_REASON: 'desk.void.reasonRequired',
  KTV_E_PLAN_UNKNOWN: 'desk.error.planUnknown',
  KTV_E_PACKAGE_UNKNOWN: 'desk.error.packageUnknown',
  KTV_E_PACKAGE_WINDOW: 'desk.error.packageWindow',
  KTV_E_PACKAGE_ROOM_TYPE: 'desk.error.packageRoomType',
  KTV_E_MEMBER_LEVEL_UNKNOWN: 'desk.error.memberLevelUnknown',
  KTV_E_MOVE_SAME_ROOM: 'desk.error.moveSameRoom',
};

function toastElement(): HTMLElement {
  let el = document.getElementById('desk-toast');
  if (!el) {
    el = document.createElement('div');
    el.id = 'desk-toast';
    el.setAttribute('role', 'alert');
    el.hidden = true;
    document.body.append(el);
  }
  return el;
}

/** A short message over the page (`#desk-toast` with `data-kind` and, for refusals, `data-code`). */
export function toast(text: string, kind: 'error' | 'ok', code = ''): void {
  const el = toastElement();
  el.textContent = text;
  el.dataset.kind = kind;
  el.dataset.code = code;
  el.hidden = false;
  if (timer !== undefined) window.clearTimeout(timer);
  timer = window.setTimeout(() => {
    el.hidden = true;
  }, SHOW_MS);
}

/** Shows a refusal in the front desk's language. */
export function refusal(code: string): void {
  const key = ERROR_KEYS[code];
  toast(key ? t(key) : t('desk.error.other', { code }), 'error', code);
}
