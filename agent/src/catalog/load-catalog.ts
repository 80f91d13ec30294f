import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { type Checked, compileJsonSchema } from '@ktv/protocol';
import { CATALOG_SCHEMA, type CatalogFile } from './catalog-schema.js';
import type { Catalog, CatalogSong } from './types.js';

/** A catalog file that cannot be used; `details` are one line per problem, with its path. */
export class CatalogError extends Error {
  readonly code = 'KTV_E_CATALOG';
  constructor(
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(details.length > 0 ? `${message}: ${details.join('; ')}` : message);
    this.name = 'CatalogError';
  }
}

let validate: ((value: unknown) => Checked<CatalogFile>) | undefined;

/** Checks a parsed catalog and resolves its paths against `file`'s folder. Pure apart from the path maths. */
export function catalogFromJson(file: string, raw: unknown): Catalog {
  validate ??= compileJsonSchema<CatalogFile>(CATALOG_SCHEMA);
  const checked = validate(structuredClone(raw));
  if (!checked.ok) throw new CatalogError(`catalog ${file} is invalid`, checked.errors);
  const base = dirname(resolve(file));
  const seen = new Set<string>();
  const duplicates: string[] = [];
  const songs: CatalogSong[] = checked.value.songs.map((s, i) => {
    if (seen.has(s.id)) duplicates.push(`/songs/${i}/id "${s.id}" is used twice`);
    seen.add(s.id);
    return {
      id: s.id,
      title: s.title,
      artist: s.artist,
      language: s.language,
      durationMs: s.durationMs,
      media: resolve(base, s.media),
      lyrics: s.lyrics === undefined ? null : resolve(base, s.lyrics),
      vocals: s.vocals ?? null,
    };
  });
  if (duplicates.length > 0) throw new CatalogError(`catalog ${file} is invalid`, duplicates);
  const backgroundPlaylist = checked.value.backgroundPlaylist.map((b) => ({
    id: b.id,
    title: b.title,
    durationMs: b.durationMs ?? 0,
    media: resolve(base, b.media),
  }));
  return { file, songs, backgroundPlaylist, byId: new Map(songs.map((s) => [s.id, s])) };
}

/** Reads the catalog file (throws CatalogError naming the file and every problem). */
export async function loadCatalog(file: string): Promise<Catalog> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new CatalogError(`cannot read catalog ${file}`, [(e as Error).message]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new CatalogError(`catalog ${file} is not JSON`, [(e as Error).message]);
  }
  return catalogFromJson(file, raw);
}

/** A catalog with no songs (the agent runs without one: nothing to pick, no 公播). */
export function emptyCatalog(file = ''): Catalog {
  return { file, songs: [], backgroundPlaylist: [], byId: new Map() };
}
