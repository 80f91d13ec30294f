import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CatalogSnapshot } from '@ktv/protocol';
import { makeMedia } from '../test-media.js';
import { type GeneratedMedia, generateCatalog } from './generate-catalog.js';

export interface WriteLibraryOptions {
  songs: number;
  out: string;
  seed?: number;
  /** Default: a fixed date, so the same seed writes the same file. */
  createdAt?: number;
}

export const DEFAULT_SEED = 20_240_501;
const DEFAULT_CREATED_AT = Date.UTC(2026, 0, 1);

/** The few real files every generated song points at: 原唱/伴唱 as tracks, and as channels. */
const MEDIA: readonly (GeneratedMedia & { kind: 'two-tracks' | 'one-track' })[] = [
  { path: 'media/tracks-1.mkv', kind: 'two-tracks', vocals: { kind: 'track', vocalsTrack: 1, backingTrack: 2 } },
  { path: 'media/channels-1.mkv', kind: 'one-track', vocals: { kind: 'channel', vocalsChannel: 'right' } },
  { path: 'media/tracks-2.mkv', kind: 'two-tracks', vocals: { kind: 'track', vocalsTrack: 1, backingTrack: 2 } },
  { path: 'media/channels-2.mkv', kind: 'one-track', vocals: { kind: 'channel', vocalsChannel: 'left' } },
];

/**
 * Writes OUT/catalog.json (a CatalogSnapshot; media paths relative to OUT) and the handful of
 * real media files (ffmpeg, two seconds each) that the songs share.
 */
export async function writeGeneratedLibrary(
  o: WriteLibraryOptions,
): Promise<{ catalog: string; snapshot: CatalogSnapshot }> {
  await mkdir(join(o.out, 'media'), { recursive: true });
  for (const m of MEDIA) await makeMedia(join(o.out, m.path), m.kind, 2);
  const snapshot = generateCatalog({
    songs: o.songs,
    seed: o.seed ?? DEFAULT_SEED,
    createdAt: o.createdAt ?? DEFAULT_CREATED_AT,
    media: MEDIA.map(({ path, vocals }) => ({ path, vocals })),
  });
  const catalog = join(o.out, 'catalog.json');
  await writeFile(`${catalog}.part`, catalogJson(snapshot));
  await rename(`${catalog}.part`, catalog);
  return { catalog, snapshot };
}

/** One song per line: readable, and diffs well. */
export function catalogJson(s: CatalogSnapshot): string {
  const lines = s.songs.map((song) => JSON.stringify(song));
  return `{"version":${s.version},"createdAt":${s.createdAt},"songs":[\n${lines.join(',\n')}\n]}\n`;
}
