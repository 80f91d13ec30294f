import type { MessageKey } from '@ktv/protocol';
import type { ActionResult } from './api.js';
import { byId } from './dom.js';
import { t } from './i18n.js';

const SHOW_MS = 2500;
let timer: ReturnType<typeof setTimeout> | undefined;

/** Shows a short message over the page; `kind` colours it (error red, ok green). */
export function toast(text: string, kind: 'error' | 'ok' = 'error'): void {
  const el = byId('toast');
  el.textContent = text;
  el.dataset.kind = kind;
  el.hidden = false;
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    el.hidden = true;
  }, SHOW_MS);
}

const ERROR_KEYS: Record<string, MessageKey> = {
  KTV_E_QUEUE_FULL: 'touch.error.queueFull',
  KTV_E_SONG_UNKNOWN: 'touch.error.songUnknown',
  KTV_E_QUEUE_ENTRY_UNKNOWN: 'touch.error.entryUnknown',
  KTV_E_QUEUE_ENTRY_PLAYING: 'touch.error.entryPlaying',
  KTV_E_QUEUE_NOTHING_PLAYING: 'touch.error.nothingPlaying',
  KTV_E_QUEUE_NOT_CURRENT: 'touch.error.nothingPlaying',
  NETWORK: 'touch.error.network',
};

/** Turns a refused action into a toast in the guest's language; true when it went through. */
export function report(result: ActionResult): boolean {
  if (result.ok) return true;
  const key = ERROR_KEYS[result.code];
  toast(key ? t(key) : t('touch.error.other', { code: result.code }));
  return false;
}
