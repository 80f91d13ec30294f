/**
 * The search screen (like commercial KTV systems): tabs 拼音点歌 (on-screen A–Z pad), 歌星点歌
 * (singers by initial, then their songs), 字数点歌, 语种, 排行榜, and the character box (#search)
 * for handwriting/IME. Results appear as the guest taps; an answer to an older request is dropped.
 */
import type { MessageKey } from '@ktv/protocol';
import { byId, h, setText } from './dom.js';
import { t } from './i18n.js';
import { type ChartKind, type SingerRow, type SongRow, searchApi } from './search-api.js';
import { chartBar, initialBar, languageBar, letterPad, wordCountBar, wordCountQuery } from './search-pads.js';
import { renderResults, showSongs, wireResults } from './search-results.js';
import { toast } from './toast.js';

type Tab = 'pinyin' | 'singer' | 'length' | 'language' | 'charts';
const TABS: { tab: Tab; key: MessageKey }[] = [
  { tab: 'pinyin', key: 'touch.tab.pinyin' },
  { tab: 'singer', key: 'touch.tab.singer' },
  { tab: 'length', key: 'touch.tab.length' },
  { tab: 'language', key: 'touch.tab.language' },
  { tab: 'charts', key: 'touch.tab.charts' },
];
const TYPE_DELAY_MS = 120;

const ui = {
  tab: 'pinyin' as Tab,
  /** The letter pad is open (tapping 拼音点歌 opens it, 收起 closes it). */
  padOpen: false,
  initial: '',
  singer: null as string | null,
  singers: [] as SingerRow[],
  wordCount: null as number | null,
  language: null as string | null,
  chart: 'week' as ChartKind,
  total: null as number | null,
  showingSingers: false,
};
let asked = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

const input = () => byId<HTMLInputElement>('search');

function tabsBar(): HTMLElement {
  return h(
    'nav',
    { id: 'search-tabs', role: 'tablist' },
    ...TABS.map((x) =>
      h(
        'button',
        { type: 'button', role: 'tab', 'data-tab': x.tab, 'aria-selected': String(ui.tab === x.tab) },
        t(x.key),
      ),
    ),
  );
}

function singerList(): HTMLElement {
  if (ui.singer !== null) {
    return h(
      'div',
      { id: 'singer-chosen', class: 'pad row' },
      h('span', { class: 'chosen' }, ui.singer),
      h('button', { type: 'button', class: 'key', 'data-action': 'singer-back' }, t('touch.singer.back')),
    );
  }
  return h('div', { id: 'singer-initials-wrap' }, initialBar(ui.initial, ui.padOpen));
}

function pane(): HTMLElement {
  switch (ui.tab) {
    case 'pinyin':
      return letterPad(ui.padOpen);
    case 'singer':
      return singerList();
    case 'length':
      return wordCountBar(ui.wordCount);
    case 'language':
      return languageBar(ui.language);
    case 'charts':
      return chartBar(ui.chart);
  }
}

function renderSingers(): void {
  const list = byId('singers');
  list.hidden = !ui.showingSingers;
  byId('results').hidden = ui.showingSingers;
  if (!ui.showingSingers) return;
  list.replaceChildren(
    ...(ui.singers.length === 0
      ? [h('p', { class: 'muted' }, t('touch.singer.empty'))]
      : ui.singers.map((s) =>
          h(
            'button',
            { type: 'button', class: 'singer', 'data-singer': s.name },
            h('span', { class: 'name' }, s.name),
            h('span', { class: 'count' }, t('touch.singer.songs', { n: s.songCount })),
          ),
        )),
  );
}

/** Builds the tabs and the tab's pad (again on language change). */
export function renderSearch(): void {
  byId('search-screen').replaceChildren(tabsBar(), h('div', { id: 'search-pane', 'data-tab': ui.tab }, pane()));
  const box = input();
  if (box.placeholder !== t('touch.search.placeholder')) box.placeholder = t('touch.search.placeholder');
  box.title = t('touch.search.chars');
  setText(byId('search-clear'), t('touch.search.clear'));
  setText(
    byId('search-count'),
    ui.showingSingers || ui.total === null
      ? ''
      : ui.total === 0
        ? t('touch.search.empty')
        : t('touch.search.count', { n: ui.total }),
  );
  renderSingers();
  renderResults();
}

/** Asks the agent for what the screen shows now. */
async function refresh(): Promise<void> {
  const mine = ++asked;
  const q = input().value.trim();
  try {
    if (ui.tab === 'singer' && ui.singer === null && q === '') {
      const list = await searchApi.singers(ui.initial);
      if (mine !== asked) return;
      ui.singers = list.singers;
      ui.showingSingers = true;
      renderSearch();
      byId('singers').scrollTop = 0;
      return;
    }
    const answer =
      ui.tab === 'charts' && q === ''
        ? await searchApi.charts(ui.chart)
        : await searchApi.songs({
            q,
            ...(ui.tab === 'singer' && ui.singer !== null ? { singer: ui.singer } : {}),
            ...(ui.tab === 'length' && ui.wordCount !== null ? wordCountQuery(ui.wordCount) : {}),
            ...(ui.tab === 'language' && ui.language !== null ? { language: ui.language } : {}),
          });
    if (mine !== asked) return;
    ui.showingSingers = false;
    ui.total = answer.total;
    showSongs(answer.songs as SongRow[]);
    renderSearch();
  } catch {
    if (mine === asked) toast(t('touch.error.network'));
  }
}

function soon(): void {
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => void refresh(), TYPE_DELAY_MS);
}

function onPaneClick(target: Element): void {
  const b = target.closest<HTMLButtonElement>('button');
  if (!b) return;
  const d = b.dataset;
  if (d.tab !== undefined) {
    ui.tab = d.tab as Tab;
    ui.singer = null;
    ui.padOpen = ui.tab === 'pinyin' || ui.tab === 'singer';
  } else if (d.action === 'close-pad') {
    ui.padOpen = false;
  } else if (d.letter !== undefined) {
    const box = input();
    box.value = d.letter === 'delete' ? box.value.slice(0, -1) : box.value + d.letter.toLowerCase();
  } else if (d.initial !== undefined) {
    ui.initial = d.initial;
  } else if (d.singer !== undefined) {
    ui.singer = d.singer;
    ui.padOpen = false;
    input().value = '';
  } else if (d.action === 'singer-back') {
    ui.singer = null;
    ui.padOpen = true;
  } else if (d.wordCount !== undefined) {
    ui.wordCount = ui.wordCount === Number(d.wordCount) ? null : Number(d.wordCount);
  } else if (d.language !== undefined) {
    ui.language = ui.language === d.language ? null : d.language;
  } else if (d.chart !== undefined) {
    ui.chart = d.chart as ChartKind;
  } else return;
  renderSearch();
  void refresh();
}

export function wireSearch(): void {
  byId('search-screen').addEventListener('click', (e) => onPaneClick(e.target as Element));
  byId('singers').addEventListener('click', (e) => onPaneClick(e.target as Element));
  input().addEventListener('input', soon);
  byId('search-clear').addEventListener('click', () => {
    input().value = '';
    void refresh();
  });
  wireResults();
  void refresh();
}
