import { el } from './dom.js';
import { t } from './i18n.js';

/** GET /api/library/stats and the `library` live message (gateway/src/library/library-api.ts). */
interface LibraryStatus {
  version: number;
  songs: number;
  updatedAt: number | null;
  importing: { phase: 'listing' | 'reading' | 'writing' | 'done'; done: number; total: number; source: string } | null;
  lastImport: {
    source: string;
    version: number | null;
    added: number;
    changed: number;
    removed: number;
    duplicates: number;
    problems: number;
    at: number;
  } | null;
  plays: { week: number; all: number };
}

export interface LibraryPanel {
  /** Takes the admin websocket's `library` messages; false for any other message. */
  onLive(message: { type: string }): boolean;
  render(): void;
  refresh(): Promise<void>;
}

/**
 * The song library on the admin page (曲库): catalog version, song count, plays this week, the
 * progress of an import (from the admin page or `ktv-gateway library import`), the last import.
 * DOM hooks: `#library-panel` (data-loaded, data-version, data-songs, data-importing), `#library-progress`
 * (data-done, data-total).
 */
export function startLibraryPanel(): LibraryPanel {
  if (!document.querySelector('link[href="/library.css"]')) {
    document.head.append(el('link', { rel: 'stylesheet', href: '/library.css' }));
  }
  const section = el('section', {
    id: 'library-panel',
    'data-version': '0',
    'data-songs': '0',
    'data-importing': 'false',
  });
  document.querySelector('#desk-view')?.append(section);
  let status: LibraryStatus | undefined;

  function render(): void {
    section.replaceChildren(el('h2', {}, t('admin.library.title')));
    if (!status) return;
    section.dataset.loaded = 'true';
    section.dataset.version = String(status.version);
    section.dataset.songs = String(status.songs);
    section.dataset.importing = String(status.importing !== null);
    const facts = el('dl', { class: 'library-facts' });
    const fact = (key: Parameters<typeof t>[0], value: string) =>
      facts.append(el('dt', {}, t(key)), el('dd', {}, value));
    fact('admin.library.version', status.version > 0 ? String(status.version) : t('admin.library.empty'));
    fact('admin.library.songs', t('admin.library.songCount', { n: status.songs.toLocaleString() }));
    fact('admin.library.playsWeek', String(status.plays.week));
    section.append(facts);
    const imp = status.importing;
    if (imp) {
      const box = el('div', { class: 'library-import' });
      const label =
        imp.phase === 'listing'
          ? t('admin.library.listing')
          : t('admin.library.importing', { done: imp.done.toLocaleString(), total: imp.total.toLocaleString() });
      const bar = el('progress', {
        id: 'library-progress',
        max: String(Math.max(imp.total, 1)),
        value: String(imp.done),
        'data-done': String(imp.done),
        'data-total': String(imp.total),
      });
      box.append(el('p', {}, label), bar, el('p', { class: 'library-source' }, imp.source));
      section.append(box);
    }
    const last = status.lastImport;
    if (last) {
      section.append(
        el(
          'p',
          { class: 'library-last', id: 'library-last' },
          t('admin.library.lastImport', {
            added: last.added,
            changed: last.changed,
            removed: last.removed,
            duplicates: last.duplicates,
            problems: last.problems,
          }),
        ),
      );
    }
  }

  async function refresh(): Promise<void> {
    const res = await fetch('/api/library/stats');
    if (!res.ok) return;
    status = (await res.json()) as LibraryStatus;
    render();
  }

  render();
  return {
    onLive(message) {
      if (message.type !== 'library') return false;
      status = (message as unknown as { library: LibraryStatus }).library;
      render();
      return true;
    },
    render,
    refresh,
  };
}
