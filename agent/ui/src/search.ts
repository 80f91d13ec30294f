import { api } from './api.js';
import { byId, h, setText } from './dom.js';
import { t } from './i18n.js';
import { report, toast } from './toast.js';
import type { Song } from './types.js';

const TYPE_DELAY_MS = 120;
let results: Song[] = [];
let loaded = false;
let asked = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

function row(song: Song): HTMLLIElement {
  return h(
    'li',
    { class: 'song', 'data-song-id': song.id },
    h('div', { class: 'meta' }, h('div', { class: 'title' }, song.title), h('div', { class: 'artist' }, song.artist)),
    h('button', { type: 'button', class: 'primary', 'data-action': 'enqueue' }, t('touch.enqueue')),
    h('button', { type: 'button', class: 'secondary', 'data-action': 'enqueue-first' }, t('touch.enqueueFirst')),
  );
}

/** The search panel: placeholder, result rows (rebuilt on language change). */
export function renderSearch(): void {
  const input = byId<HTMLInputElement>('search');
  if (input.placeholder !== t('touch.search.placeholder')) input.placeholder = t('touch.search.placeholder');
  setText(byId('search-clear'), t('touch.search.clear'));
  setText(
    byId('search-count'),
    !loaded ? '' : results.length === 0 ? t('touch.search.empty') : t('touch.search.count', { n: results.length }),
  );
  byId('results').replaceChildren(...results.map(row));
}

/** Asks the agent's local catalog; an answer to an older query is dropped. */
async function runSearch(q: string): Promise<void> {
  const mine = ++asked;
  let songs: Song[];
  try {
    songs = await api.songs(q.trim());
  } catch {
    if (mine === asked) toast(t('touch.error.network'));
    return;
  }
  if (mine !== asked) return;
  results = songs;
  loaded = true;
  renderSearch();
  byId('results').scrollTop = 0;
}

export function wireSearch(): void {
  const input = byId<HTMLInputElement>('search');
  input.addEventListener('input', () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void runSearch(input.value), TYPE_DELAY_MS);
  });
  byId('search-clear').addEventListener('click', () => {
    input.value = '';
    void runSearch('');
  });
  byId('results').addEventListener('click', async (e) => {
    const button = (e.target as Element).closest<HTMLButtonElement>('button[data-action]');
    const songRow = button?.closest<HTMLElement>('[data-song-id]');
    if (!button || !songRow?.dataset.songId) return;
    const first = button.dataset.action === 'enqueue-first';
    const song = results.find((s) => s.id === songRow.dataset.songId);
    if (report(await api.enqueue(songRow.dataset.songId, first))) {
      toast(t(first ? 'touch.queuedFirst' : 'touch.queued', { title: song?.title ?? '' }), 'ok');
    }
  });
  void runSearch('');
}
