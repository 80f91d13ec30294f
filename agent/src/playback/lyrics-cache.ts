import { access, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { Logger } from 'pino';
import type { CatalogSong } from '../catalog/types.js';
import { toAss } from '../lyrics/ass.js';
import { readLyrics } from '../lyrics/read-lyrics.js';
import type { Lyrics } from '../lyrics/types.js';

export interface PreparedLyrics {
  lyrics: Lyrics;
  /** The ASS file for mpv (DATA/lyrics-cache/SONG-CRC.ass). */
  assFile: string;
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/**
 * The song's lyrics, parsed, and as an ASS file in the cache folder (written once per LRC
 * content: the name carries the LRC's checksum). Null when the song has none or they cannot be
 * read (logged; the song plays without lyrics).
 */
export async function prepareLyrics(
  song: CatalogSong,
  cacheDir: string,
  logger: Logger,
): Promise<PreparedLyrics | null> {
  if (song.lyrics === null) return null;
  let bytes: Buffer;
  try {
    bytes = await readFile(song.lyrics);
  } catch (e) {
    logger.warn({ songId: song.id, file: song.lyrics, err: (e as Error).message }, 'lyrics unreadable');
    return null;
  }
  const result = readLyrics(bytes);
  if (!result.ok) {
    logger.warn({ songId: song.id, file: song.lyrics, code: result.error.code }, result.error.message);
    return null;
  }
  const assFile = join(cacheDir, `${song.id}-${crc32(bytes).toString(16).padStart(8, '0')}.ass`);
  if (!(await exists(assFile))) {
    await mkdir(cacheDir, { recursive: true });
    const tmp = `${assFile}.tmp`;
    await writeFile(tmp, toAss(result.lyrics), 'utf8');
    await rename(tmp, assFile);
  }
  return { lyrics: result.lyrics, assFile };
}
