import { type SearchIndex, searchSongs } from '@ktv/protocol';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Runs the 26 one-letter searches on a new catalog, one per event-loop turn, so the first letter a
 * guest taps is answered from the index's kept pages. Stops when `isCurrent` says the index was
 * replaced meanwhile.
 */
export async function warmSearch(index: SearchIndex, isCurrent: () => boolean): Promise<number> {
  let warmed = 0;
  for (const letter of LETTERS) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (!isCurrent()) break;
    searchSongs(index, { text: letter });
    warmed++;
  }
  return warmed;
}
