import type { CatalogAnnouncement } from '@ktv/protocol';

/** What to download to move from the local version to the announced one. */
export type UpdatePlan =
  | { kind: 'none' }
  | { kind: 'delta'; from: number; path: string; sha256: string; bytes: number }
  | { kind: 'snapshot'; path: string; sha256: string; bytes: number };

/**
 * Pure: nothing when the local copy is as new or newer; the delta from the local version when
 * the announcement lists one (and it was not refused before); else the whole snapshot.
 */
export function planUpdate(
  local: number | null,
  announced: CatalogAnnouncement,
  refusedDeltas: ReadonlySet<string> = new Set(),
): UpdatePlan {
  if (local !== null && local >= announced.version) return { kind: 'none' };
  const delta =
    local === null ? undefined : announced.deltas.find((d) => d.from === local && !refusedDeltas.has(d.path));
  if (delta) return { kind: 'delta', from: delta.from, path: delta.path, sha256: delta.sha256, bytes: delta.bytes };
  const { path, sha256, bytes } = announced.snapshot;
  return { kind: 'snapshot', path, sha256, bytes };
}
