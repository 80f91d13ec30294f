import type { MessageKey } from '@ktv/protocol';
import { h } from './dom.js';
import { t } from './i18n.js';
import type { ChartKind } from './search-api.js';

export const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
export const WORD_COUNTS = [1, 2, 3, 4, 5, 6, 7] as const;
/** 7 stands for "7 or more" on the pad. */
export const MAX_WORD_COUNT = 7;

/** The search for a key of the 字数 pad: exactly n, or at least 7 for the last key ("7 字以上"). */
export function wordCountQuery(n: number): { wordCount: number } | { minWordCount: number } {
  return n >= MAX_WORD_COUNT ? { minWordCount: MAX_WORD_COUNT } : { wordCount: n };
}

export const LANGUAGES: { value: string; key: MessageKey }[] = [
  { value: '国语', key: 'touch.language.mandarin' },
  { value: '粤语', key: 'touch.language.cantonese' },
  { value: '闽南语', key: 'touch.language.hokkien' },
  { value: '英语', key: 'touch.language.english' },
  { value: '日语', key: 'touch.language.japanese' },
  { value: '韩语', key: 'touch.language.korean' },
];

export const CHARTS: { kind: ChartKind; key: MessageKey }[] = [
  { kind: 'week', key: 'touch.chart.week' },
  { kind: 'all', key: 'touch.chart.all' },
  { kind: 'new', key: 'touch.chart.new' },
];

const key = (attrs: Record<string, string>, label: string, selected = false) =>
  h('button', { type: 'button', class: 'key', ...attrs, 'aria-pressed': String(selected) }, label);

/**
 * The on-screen A–Z pad (the room has no keyboard), with delete and close. It slides over the
 * lower left of the screen (like a tablet's keyboard) so the results stay in view at 1024x600.
 */
export function letterPad(open: boolean): HTMLElement {
  const pad = h(
    'div',
    { id: 'letter-pad', class: 'pad keyboard', role: 'group', 'aria-label': t('touch.letters.hint') },
    ...LETTERS.map((l) => key({ 'data-letter': l }, l)),
    key({ 'data-letter': 'delete', class: 'key wide' }, t('touch.letters.delete')),
    key({ 'data-action': 'close-pad', class: 'key wide' }, t('touch.letters.close')),
  );
  pad.hidden = !open;
  return pad;
}

/** Singers by the first letter of their pinyin initials; empty = all. Slides over like the letter pad. */
export function initialBar(selected: string, open: boolean): HTMLElement {
  const pad = h(
    'div',
    { id: 'singer-initials', class: 'pad keyboard' },
    key({ 'data-initial': '' }, t('touch.singer.all'), selected === ''),
    ...LETTERS.map((l) => key({ 'data-initial': l }, l, selected === l)),
    key({ 'data-action': 'close-pad', class: 'key wide' }, t('touch.letters.close')),
  );
  pad.hidden = !open;
  return pad;
}

export function wordCountBar(selected: number | null): HTMLElement {
  return h(
    'div',
    { id: 'word-counts', class: 'pad row' },
    ...WORD_COUNTS.map((n) =>
      key(
        { 'data-word-count': String(n) },
        n === MAX_WORD_COUNT ? t('touch.length.more', { n }) : t('touch.length.n', { n }),
        selected === n,
      ),
    ),
  );
}

export function languageBar(selected: string | null): HTMLElement {
  return h(
    'div',
    { id: 'languages', class: 'pad row' },
    ...LANGUAGES.map((l) => key({ 'data-language': l.value }, t(l.key), selected === l.value)),
  );
}

export function chartBar(selected: ChartKind): HTMLElement {
  return h(
    'div',
    { id: 'charts', class: 'pad row' },
    ...CHARTS.map((c) => key({ 'data-chart': c.kind }, t(c.key), selected === c.kind)),
  );
}
