import { api } from './api.js';
import { byId, h, setText } from './dom.js';
import { t } from './i18n.js';
import { report } from './toast.js';
import type { PlayerView, QueueEntry } from './types.js';

function item(entry: QueueEntry, index: number): HTMLLIElement {
  return h(
    'li',
    { class: 'song', 'data-entry-id': entry.entryId, 'data-song-id': entry.songId },
    h('span', { class: 'index' }, String(index + 1)),
    h('div', { class: 'meta' }, h('div', { class: 'title' }, entry.title), h('div', { class: 'artist' }, entry.artist)),
    h('button', { type: 'button', class: 'secondary small', 'data-action': 'front' }, t('touch.queue.front')),
    h('button', { type: 'button', class: 'small', 'data-action': 'remove' }, t('touch.queue.remove')),
  );
}

/** A key of what is shown, so a position-only push leaves the list (and its scroll) alone. */
let shown = '';

/** Now playing (#now-playing) and the 已点 list (#queue). */
export function renderQueue(player: PlayerView | undefined, lang: string): void {
  const current = player?.current ?? null;
  const upcoming = player?.upcoming ?? [];
  const block = byId('now-block');
  block.dataset.state = current ? 'playing' : player?.background ? 'background' : 'idle';
  setText(byId('now-label'), current ? t('touch.nowPlaying') : t('touch.background'));
  setText(byId('now-idle'), current ? '' : player?.background ? t('touch.backgroundPlaying') : t('touch.idle'));
  setText(byId('queue-title'), t('touch.queue.title'));
  setText(byId('queue-count'), t('touch.queue.count', { n: upcoming.length }));
  setText(byId('queue-empty'), upcoming.length === 0 ? t('touch.queue.empty') : '');

  const key = JSON.stringify([lang, current?.entryId, upcoming.map((e) => e.entryId)]);
  if (key === shown) return;
  shown = key;
  const now = byId('now-playing');
  now.dataset.songId = current?.songId ?? '';
  now.dataset.entryId = current?.entryId ?? '';
  now.replaceChildren(
    ...(current ? [h('div', { class: 'title' }, current.title), h('div', { class: 'artist' }, current.artist)] : []),
  );
  byId('queue').replaceChildren(...upcoming.map(item));
  const firstFront = byId('queue').querySelector<HTMLButtonElement>('[data-action="front"]');
  if (firstFront) firstFront.disabled = true;
}

export function wireQueue(): void {
  byId('queue').addEventListener('click', async (e) => {
    const button = (e.target as Element).closest<HTMLButtonElement>('button[data-action]');
    const entryId = button?.closest<HTMLElement>('[data-entry-id]')?.dataset.entryId;
    if (!button || !entryId) return;
    button.disabled = true;
    const result = button.dataset.action === 'remove' ? await api.remove(entryId) : await api.front(entryId);
    if (!report(result)) button.disabled = false;
  });
}
