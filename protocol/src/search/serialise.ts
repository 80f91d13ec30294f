import type { CatalogSong } from '../catalog/song.js';
import { ErrorCodes } from '../errors.js';
import { type IndexData, newScratch, type SearchIndex } from './search-index.js';
import type { SuffixArray } from './suffix-array.js';
import { TextIndex } from './text-index.js';

/**
 * A search index as bytes, so a room loads it instead of building it again (and a worker thread
 * can hand it over without copying: the arrays of a loaded index are views into the bytes).
 *
 * Layout: `KTVSIDX1`, a u32 (little endian) header length, the header (JSON: format, song count,
 * a hash of the song ids by rank, the string tables and where each array lies), padding to 8,
 * then the typed arrays, each starting at a multiple of 8. Songs are not in it: they come from the
 * catalog snapshot the index was built over, and loading checks that they are the same songs.
 */

const MAGIC = 'KTVSIDX1';
const FORMAT = 2;

/** The bytes are not a search index for these songs (another format, another catalog, damaged). */
export class SearchIndexFormatError extends Error {
  readonly code = ErrorCodes.SEARCH_INDEX;
}

type ArrayKind = 'u8' | 'u16' | 'u32';
type Typed = Uint8Array | Uint16Array | Uint32Array;

interface ArrayPlace {
  kind: ArrayKind;
  offset: number;
  length: number;
}

interface Header {
  format: number;
  songs: number;
  idsHash: number;
  categories: string[];
  singerNames: string[];
  singerInitials: string[];
  arrays: Record<string, ArrayPlace>;
}

const kindOf = (a: Typed): ArrayKind => (a instanceof Uint8Array ? 'u8' : a instanceof Uint16Array ? 'u16' : 'u32');
const align8 = (n: number): number => (n + 7) & ~7;

/**
 * FNV-1a over the song ids in the order the index was built from (the catalog's order: read
 * one after another, which is several times faster than in rank order), with a separator.
 */
export function songIdsHash(songs: readonly CatalogSong[]): number {
  let h = 0x811c9dc5;
  for (const s of songs) {
    const id = s.id;
    for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0x0a, 0x01000193);
  }
  return h >>> 0;
}

function arraysOf(d: IndexData): Record<string, Typed> {
  const out: Record<string, Typed> = {
    order: d.order,
    titleSongStart: d.titleSongStart,
    titleSongs: d.titleSongs,
    songTitle: d.songTitle,
    language: d.language,
    category: d.category,
    words: d.words,
    songSingerStart: d.songSingerStart,
    songSingers: d.songSingers,
    singerLanguages: d.singerLanguages,
    singerSongStart: d.singerSongStart,
    singerSongs: d.singerSongs,
  };
  for (const [name, text] of [
    ['titles', d.titles],
    ['singers', d.singers],
  ] as const) {
    for (const part of ['chars', 'pinyin', 'initials'] as const) {
      const sa = text[part];
      out[`${name}.${part}.buf`] = sa.buf;
      out[`${name}.${part}.pos`] = sa.pos;
      out[`${name}.${part}.payload`] = sa.payload;
    }
  }
  return out;
}

/** The songs as they were given to buildSearchIndex (order[r] is rank r's place there). */
function inputOrder(songs: readonly CatalogSong[], order: Uint32Array): CatalogSong[] {
  const out = new Array<CatalogSong>(songs.length);
  for (let r = 0; r < songs.length; r++) out[order[r] as number] = songs[r] as CatalogSong;
  return out;
}

export function serialiseSearchIndex(index: SearchIndex): Uint8Array {
  const d = index.data;
  const arrays = arraysOf(d);
  const places: Record<string, ArrayPlace> = {};
  let offset = 0;
  for (const [name, a] of Object.entries(arrays)) {
    places[name] = { kind: kindOf(a), offset, length: a.length };
    offset = align8(offset + a.byteLength);
  }
  const categories: string[] = [];
  for (const [name, code] of d.categories) categories[code] = name;
  const header: Header = {
    format: FORMAT,
    songs: index.songs.length,
    idsHash: songIdsHash(inputOrder(index.songs, d.order)),
    categories,
    singerNames: d.singerNames,
    singerInitials: d.singerInitials,
    arrays: places,
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = align8(MAGIC.length + 4 + headerBytes.length);
  const out = new Uint8Array(dataStart + offset);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(MAGIC.length, headerBytes.length, true);
  out.set(headerBytes, MAGIC.length + 4);
  for (const [name, a] of Object.entries(arrays)) {
    const place = places[name] as ArrayPlace;
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), dataStart + place.offset);
  }
  return out;
}

function readHeader(bytes: Uint8Array): { header: Header; dataStart: number } {
  if (bytes.length < MAGIC.length + 4 || new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC)
    throw new SearchIndexFormatError('not a search index (magic)');
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(MAGIC.length, true);
  if (MAGIC.length + 4 + length > bytes.length) throw new SearchIndexFormatError('search index header cut short');
  let header: Header;
  try {
    header = JSON.parse(
      new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, MAGIC.length + 4 + length)),
    ) as Header;
  } catch (e) {
    throw new SearchIndexFormatError(`search index header is not JSON: ${(e as Error).message}`);
  }
  if (header.format !== FORMAT)
    throw new SearchIndexFormatError(`search index format ${header.format}, want ${FORMAT}`);
  return { header, dataStart: align8(MAGIC.length + 4 + length) };
}

/**
 * The index `serialiseSearchIndex` wrote, over the same songs in the same order as it was built
 * from. The arrays are views into `bytes` (copied first when `bytes` is not 8-aligned). Throws
 * SearchIndexFormatError when the bytes are damaged or belong to other songs.
 */
export function loadSearchIndex(bytes: Uint8Array, input: readonly CatalogSong[]): SearchIndex {
  const aligned = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  const { header, dataStart } = readHeader(aligned);
  if (header.songs !== input.length)
    throw new SearchIndexFormatError(`search index is over ${header.songs} songs, the catalog has ${input.length}`);
  const view = (name: string, kind: ArrayKind): Typed => {
    const place = header.arrays[name];
    if (place === undefined || place.kind !== kind) throw new SearchIndexFormatError(`search index lacks ${name}`);
    const size = kind === 'u8' ? 1 : kind === 'u16' ? 2 : 4;
    const start = aligned.byteOffset + dataStart + place.offset;
    if (dataStart + place.offset + place.length * size > aligned.byteLength)
      throw new SearchIndexFormatError(`search index cut short in ${name}`);
    const buffer = aligned.buffer;
    if (kind === 'u8') return new Uint8Array(buffer, start, place.length);
    if (kind === 'u16') return new Uint16Array(buffer, start, place.length);
    return new Uint32Array(buffer, start, place.length);
  };
  const u8 = (name: string) => view(name, 'u8') as Uint8Array;
  const u16 = (name: string) => view(name, 'u16') as Uint16Array;
  const u32 = (name: string) => view(name, 'u32') as Uint32Array;
  const sa = (prefix: string): SuffixArray => ({
    buf: u16(`${prefix}.buf`),
    pos: u32(`${prefix}.pos`),
    payload: u32(`${prefix}.payload`),
  });
  const text = (name: string): TextIndex =>
    new TextIndex(sa(`${name}.chars`), sa(`${name}.pinyin`), sa(`${name}.initials`));

  const order = u32('order');
  const n = input.length;
  const songs = new Array<CatalogSong>(n);
  for (let r = 0; r < n; r++) {
    const i = order[r] as number;
    if (i >= n) throw new SearchIndexFormatError('search index order out of range');
    songs[r] = input[i] as CatalogSong;
  }
  if (songIdsHash(input) !== header.idsHash)
    throw new SearchIndexFormatError('search index was built over other songs');
  const titleSongStart = u32('titleSongStart');
  const data: IndexData = {
    order,
    titles: text('titles'),
    titleSongStart,
    titleSongs: u32('titleSongs'),
    songTitle: u32('songTitle'),
    singers: text('singers'),
    language: u8('language'),
    category: u16('category'),
    categories: new Map(header.categories.map((c, i) => [c, i])),
    words: u8('words'),
    songSingerStart: u32('songSingerStart'),
    songSingers: u32('songSingers'),
    singerNames: header.singerNames,
    singerByName: new Map(header.singerNames.map((name, i) => [name, i])),
    singerInitials: header.singerInitials,
    singerLanguages: u8('singerLanguages'),
    singerSongStart: u32('singerSongStart'),
    singerSongs: u32('singerSongs'),
    charts: {},
    cache: new Map(),
    scratch: newScratch(n, Math.max(0, titleSongStart.length - 1)),
  };
  return { songs, data };
}
