import { t } from './i18n.js';
import { toast } from './toast.js';

/** What the agent says about its catalog and media (GET /api/state `library`). */
export interface LibraryView {
  source: 'file' | 'gateway';
  version: number | null;
  songs: number;
  updating: boolean;
  skipped: { songId: string; title: string; code: string; at: number } | null;
}

/** undefined until the first state arrived: a skip from before the page opened is not shown. */
let lastSkipAt: number | null | undefined;

/** A song skipped because its media could not be had: one toast per skip. */
export function noticeLibrary(library: LibraryView | undefined): void {
  const skipped = library?.skipped ?? null;
  const at = skipped?.at ?? null;
  const isNew = lastSkipAt !== undefined && at !== null && at !== lastSkipAt;
  lastSkipAt = at;
  if (isNew && skipped) toast(t('touch.media.skipped', { title: skipped.title }));
}
