import type { RoomCatalog } from './room-catalog.js';
import type { BackgroundClip, Catalog, CatalogSong } from './types.js';

/**
 * Holds the room's current catalog. `swap` replaces it in one assignment, so a reader that took
 * `current` sees one whole version (the old or the new, never a mix).
 */
export class CatalogHolder {
  private value: RoomCatalog;
  private readonly listeners = new Set<(next: RoomCatalog) => void>();

  constructor(initial: RoomCatalog) {
    this.value = initial;
  }

  get current(): RoomCatalog {
    return this.value;
  }

  swap(next: RoomCatalog): void {
    this.value = next;
    for (const l of this.listeners) l(next);
  }

  onSwap(listener: (next: RoomCatalog) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * A Catalog that always reads the current version (for playback, which keeps one Catalog for
   * its lifetime). Each property read is whole; a caller that needs several consistent reads
   * takes `current.catalog` once.
   */
  live(): Catalog {
    const holder = this;
    return {
      get file(): string {
        return holder.value.catalog.file;
      },
      get songs(): readonly CatalogSong[] {
        return holder.value.catalog.songs;
      },
      get backgroundPlaylist(): readonly BackgroundClip[] {
        return holder.value.catalog.backgroundPlaylist;
      },
      get byId(): ReadonlyMap<string, CatalogSong> {
        return holder.value.catalog.byId;
      },
    };
  }
}
