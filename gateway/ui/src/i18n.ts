import type { Catalog, Lang, MessageKey } from '@ktv/protocol';

const LANG_KEY = 'ktv.lang';
let catalogs: Record<string, Catalog> = {};
let lang: Lang = 'zh-CN';

/** Loads the one catalog from the gateway; the language choice is remembered in this browser. */
export async function loadCatalog(): Promise<void> {
  const res = await fetch('/api/i18n');
  const body = (await res.json()) as { defaultLang: Lang; catalogs: Record<string, Catalog> };
  catalogs = body.catalogs;
  const saved = localStorage.getItem(LANG_KEY);
  lang = saved === 'en' || saved === 'zh-CN' ? saved : body.defaultLang;
}

export function currentLang(): Lang {
  return lang;
}

export function toggleLang(): void {
  lang = lang === 'zh-CN' ? 'en' : 'zh-CN';
  localStorage.setItem(LANG_KEY, lang);
}

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = catalogs[lang]?.[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Fills every element carrying `data-i18n`. */
export function applyStatic(root: ParentNode = document): void {
  document.documentElement.lang = lang;
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    el.textContent = t(el.dataset.i18n as MessageKey);
  }
  document.title = t('admin.title');
}

export function ago(ms: number | null, now: number): string {
  if (ms === null) return t('common.never');
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return t('common.secondsAgo', { n: s });
  if (s < 3600) return t('common.minutesAgo', { n: Math.floor(s / 60) });
  return t('common.hoursAgo', { n: Math.floor(s / 3600) });
}
