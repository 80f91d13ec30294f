import type { Lang, MessageKey } from '@ktv/protocol';
import type { I18nPayload } from './types.js';

const LANG_KEY = 'ktv.touch.lang';
let payload: I18nPayload | undefined;
let lang: Lang = 'zh-CN';

/** Loads the one message catalog from the agent; the saved choice of language wins over the default. */
export async function loadI18n(): Promise<void> {
  payload = (await (await fetch('/api/i18n')).json()) as I18nPayload;
  const saved = localStorage.getItem(LANG_KEY);
  lang = saved === 'en' || saved === 'zh-CN' ? saved : payload.defaultLang;
}

export function currentLang(): Lang {
  return lang;
}

export function toggleLang(): void {
  lang = lang === 'zh-CN' ? 'en' : 'zh-CN';
  localStorage.setItem(LANG_KEY, lang);
}

/** Looks a key up and fills `{name}` placeholders. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = payload?.catalogs[lang][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
