import { DEFAULT_LANG, isLang, type Lang, type MessageKey, translate } from '@ktv/protocol';

/** The language of the SD card tools: --lang, else KTV_LANG, else Chinese. */
export function toolLang(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Lang {
  const i = argv.indexOf('--lang');
  const wanted = i >= 0 ? argv[i + 1] : env.KTV_LANG;
  return isLang(wanted) ? wanted : DEFAULT_LANG;
}

export function say(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return translate(lang, key, params);
}
