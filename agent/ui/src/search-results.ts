import { api } from './api.js';
import { byId, h } from './dom.js';
import { t } from './i18n.js';
import type { SongRow } from './search-api.js';
import { report, toast } from './toast.js';

let rows: SongRow[] = [];

function row(song: SongRow): HTMLLIElement {
  return h(
    'li',
    { class: 'song', 'data-song-id': song.id },
    h('div', { class: 'meta' }, h('div', { class: 'title' }, song.title), h('div', { class: 'artist' }, song.artist)),
    h('button', { type: 'button', class: 'primary', 'data-action': 'enqueue' }, t('touch.enqueue')),
    h('button', { type: 'button', class: 'secondary', 'data-action': 'enqueue-first' }, t('touch.enqueueFirst')),
  );
}

/** Shows songs in #results (each row: 点歌 and 优先). */
export function showSongs(songs: SongRow[]): void {
  rows = songs;
  renderResults();
  byId('results').scrollTop = 0;
}

export function renderResults(): void {
  byId('results').replaceChildren(...rows.map(row));
}

/** 点歌 / 优先 on a result row. */
export function wireResults(): void {
  byId('results').addEventListener('click', async (e) => {
    const button = (e.target as Element).closest<HTMLButtonElement>('button[data-action]');
    const songRow = button?.closest<HTMLElement>('[data-song-id]');
    if (!button || !songRow?.dataset.songId) return;
    const first = button.dataset.action === 'enqueue-first';
    const song = rows.find((s) => s.id === songRow.dataset.songId);
    if (report(await api.enqueue(songRow.dataset.songId, first))) {
      toast(t(first ? 'touch.queuedFirst' : 'touch.queued', { title: song?.title ?? '' }), 'ok');
    }
  });
}
