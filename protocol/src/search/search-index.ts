import { pinyin } from 'pinyin-pro';
import { type CatalogSong, SONG_LANGUAGES } from '../catalog/song.js';
import { type FoldedText, foldText } from './fold.js';
import { Readings } from './readings.js';
import { smallestKeys } from './select.js';
import {
  MATCH_EXACT,
  MATCH_SUBSTRING,
  type MatchClass,
  type MatchVia,
  type PreparedQuery,
  prepareQuery,
  TextIndex,
} from './text-index.js';
import {
  type ChartKind,
  type ChartQuery,
  DEFAULT_SEARCH_LIMIT,
  MAX_QUERY_LENGTH,
  MAX_SEARCH_LIMIT,
  type SearchHit,
  type SearchMatch,
  type SearchQuery,
  type SearchResult,
  type SingerList,
  type SingerListing,
  type SingerQuery,
} from './types.js';

/**
 * The search index over one catalog. Songs are numbered by popularity (rank 0 is the most
 * played, ties by title), so "more popular" is "smaller number" everywhere. Built once, never
 * changed: a new catalog version gets a new index.
 */
export interface SearchIndex {
  /** The catalog's songs by rank. */
  readonly songs: readonly CatalogSong[];
  /** @internal */
  readonly data: IndexData;
}

export interface IndexData {
  /** The input list's position of each song by rank (a serialised index is loaded over the same list). */
  order: Uint32Array;
  /** Over distinct titles (covers share one); the songs of title t: titleSongs[titleSongStart[t] ..]. */
  titles: TextIndex;
  titleSongStart: Uint32Array;
  titleSongs: Uint32Array;
  /** The distinct title of each song (by rank). */
  songTitle: Uint32Array;
  singers: TextIndex;
  /** Per song rank: language code (index in SONG_LANGUAGES, 255 other), category code, 字数. */
  language: Uint8Array;
  category: Uint16Array;
  categories: Map<string, number>;
  words: Uint8Array;
  /** Singers of song r: songSingers[songSingerStart[r] .. songSingerStart[r + 1]). */
  songSingerStart: Uint32Array;
  songSingers: Uint32Array;
  /** Singers by popularity, with their songs (by rank) in singerSongs[singerSongStart[s] ..]. */
  singerNames: string[];
  singerByName: Map<string, number>;
  singerInitials: string[];
  singerLanguages: Uint8Array;
  singerSongStart: Uint32Array;
  singerSongs: Uint32Array;
  charts: Partial<Record<ChartKind, Uint32Array>>;
  /** Pages of recent queries that match many songs (LRU by Map order). */
  cache: Map<string, SearchResult>;
  scratch: Scratch;
}

/** Per-query work arrays, reused (search is synchronous, so one query runs at a time). */
export interface Scratch {
  /** Songs a singer named: stamp, best class, the list. */
  stamp: Uint32Array;
  cls: Uint8Array;
  touched: Uint32Array;
  /** Titles matched: stamp, best class, how, the list. */
  titleStamp: Uint32Array;
  titleCls: Uint8Array;
  titleVia: Uint8Array;
  titleTouched: Uint32Array;
  keys: Float64Array;
  current: number;
}

// Song-level match classes, best first.
const CLS_TITLE_EXACT = 5;
const CLS_TITLE_PREFIX = 4;
const CLS_SINGER_EXACT = 3;
const CLS_SINGER_PREFIX = 2;
const CLS_TITLE_SUBSTRING = 1;
const TOP_CLASS = 5;

const VIA_CODE: Record<MatchVia, number> = { chars: 0, pinyin: 1, initials: 2 };
const VIA_NAME: readonly SearchMatch[] = ['chars', 'pinyin', 'initials', 'singer'];
const VIA_SINGER = 3;

const plays = (s: CatalogSong, k: 'week' | 'all'): number => s.plays?.[k] ?? 0;
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The songs, most played first (all time, then this week), then by title, then by id (code
 * units). Compares numbers from typed arrays only (fast for 300,000): the title's place among the
 * distinct titles is found once by one native sort; the id only breaks ties between covers.
 */
function sortByPopularity(input: readonly CatalogSong[]): { songs: CatalogSong[]; order: Uint32Array } {
  const n = input.length;
  const all = new Float64Array(n);
  const week = new Float64Array(n);
  const titleRank = new Uint32Array(n);
  const titleOf = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const s = input[i] as CatalogSong;
    all[i] = s.plays?.all ?? 0;
    week[i] = s.plays?.week ?? 0;
    let t = titleOf.get(s.title);
    if (t === undefined) {
      t = titleOf.size;
      titleOf.set(s.title, t);
    }
    titleRank[i] = t;
  }
  const sortedTitles = [...titleOf.keys()].sort(); // default sort: UTF-16 code units, like byCodeUnits
  const place = new Uint32Array(sortedTitles.length);
  sortedTitles.forEach((title, k) => {
    place[titleOf.get(title) as number] = k;
  });
  for (let i = 0; i < n; i++) titleRank[i] = place[titleRank[i] as number] as number;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort(
    (a, b) =>
      (all[b] as number) - (all[a] as number) ||
      (week[b] as number) - (week[a] as number) ||
      (titleRank[a] as number) - (titleRank[b] as number) ||
      byCodeUnits((input[a] as CatalogSong).id, (input[b] as CatalogSong).id),
  );
  const out = new Array<CatalogSong>(n);
  for (let i = 0; i < n; i++) out[i] = input[order[i] as number] as CatalogSong;
  return { songs: out, order };
}

const LANGUAGE_CODE = new Map<string, number>(SONG_LANGUAGES.map((l, i) => [l, i]));
const NO_CODE = 255;

export function buildSearchIndex(input: readonly CatalogSong[]): SearchIndex {
  const { songs, order } = sortByPopularity(input);
  const n = songs.length;
  const readings = new Readings();

  const language = new Uint8Array(n);
  const category = new Uint16Array(n);
  const categories = new Map<string, number>();
  const words = new Uint8Array(n);
  const titles: FoldedText[] = [];
  const titleOfText = new Map<string, number>();
  const titleOfRaw = new Map<string, number>();
  const songTitle = new Uint32Array(n);

  // Singers: distinct names, with their songs and play counts.
  const singerId = new Map<string, number>();
  const singerPlays: number[] = [];
  const singerCount: number[] = [];
  const songSingerStart = new Uint32Array(n + 1);
  const songSingerList: number[] = [];
  for (let r = 0; r < n; r++) {
    const s = songs[r] as CatalogSong;
    let tid = titleOfRaw.get(s.title);
    if (tid === undefined) {
      const t = foldText(s.title);
      tid = titleOfText.get(t.chars);
      if (tid === undefined) {
        tid = titles.length;
        titles.push(t);
        titleOfText.set(t.chars, tid);
      }
      titleOfRaw.set(s.title, tid);
    }
    songTitle[r] = tid;
    words[r] = Math.min(255, (titles[tid] as FoldedText).units.length);
    language[r] = LANGUAGE_CODE.get(s.language) ?? NO_CODE;
    let c = categories.get(s.category);
    if (c === undefined) {
      c = categories.size;
      categories.set(s.category, c);
    }
    category[r] = c;
    songSingerStart[r] = songSingerList.length;
    for (let a = 0; a < s.artists.length; a++) {
      const name = s.artists[a] as string;
      if (s.artists.indexOf(name) !== a) continue; // a name listed twice counts once
      let id = singerId.get(name);
      if (id === undefined) {
        id = singerId.size;
        singerId.set(name, id);
        singerPlays.push(0);
        singerCount.push(0);
      }
      singerPlays[id] = (singerPlays[id] as number) + plays(s, 'all');
      singerCount[id] = (singerCount[id] as number) + 1;
      songSingerList.push(id);
    }
  }
  songSingerStart[n] = songSingerList.length;

  // Singers by popularity: plays, then number of songs, then name.
  const firstNames = [...singerId.keys()];
  const byPopularity = firstNames
    .map((_, i) => i)
    .sort(
      (a, b) =>
        (singerPlays[b] as number) - (singerPlays[a] as number) ||
        (singerCount[b] as number) - (singerCount[a] as number) ||
        byCodeUnits(firstNames[a] as string, firstNames[b] as string),
    );
  const newId = new Uint32Array(firstNames.length);
  byPopularity.forEach((old, i) => {
    newId[old] = i;
  });
  const singerNames = byPopularity.map((old) => firstNames[old] as string);
  const songSingers = Uint32Array.from(songSingerList, (old) => newId[old] as number);

  // Each singer's songs, by rank (songs are visited in rank order).
  const m = singerNames.length;
  const singerSongStart = new Uint32Array(m + 1);
  for (const s of songSingers) singerSongStart[s + 1] = (singerSongStart[s + 1] as number) + 1;
  for (let s = 0; s < m; s++)
    singerSongStart[s + 1] = (singerSongStart[s + 1] as number) + (singerSongStart[s] as number);
  const fill = singerSongStart.slice(0, m);
  const singerSongs = new Uint32Array(songSingers.length);
  const singerLanguages = new Uint8Array(m);
  for (let r = 0; r < n; r++) {
    for (let k = songSingerStart[r] as number; k < (songSingerStart[r + 1] as number); k++) {
      const s = songSingers[k] as number;
      singerSongs[fill[s] as number] = r;
      fill[s] = (fill[s] as number) + 1;
      const lang = language[r] as number;
      if (lang < 8) singerLanguages[s] = (singerLanguages[s] as number) | (1 << lang);
    }
  }
  const singerTexts = singerNames.map((name) => foldText(name));

  const data: IndexData = {
    order,
    titles: TextIndex.build(titles, readings),
    ...groupByTitle(songTitle, titles.length),
    songTitle,
    singers: TextIndex.build(singerTexts, readings),
    language,
    category,
    categories,
    words,
    songSingerStart,
    songSingers,
    singerNames,
    singerByName: new Map(singerNames.map((name, i) => [name, i])),
    singerInitials: singerTexts.map((t, i) => singerInitials(singerNames[i] as string, t, readings)),
    singerLanguages,
    singerSongStart,
    singerSongs,
    charts: {},
    cache: new Map(),
    scratch: newScratch(n, titles.length),
  };
  return { songs, data };
}

/** @internal Fresh per-query work arrays for an index of this size. */
export function newScratch(songs: number, titles: number): Scratch {
  return {
    stamp: new Uint32Array(songs),
    cls: new Uint8Array(songs),
    touched: new Uint32Array(songs),
    titleStamp: new Uint32Array(titles),
    titleCls: new Uint8Array(titles),
    titleVia: new Uint8Array(titles),
    titleTouched: new Uint32Array(titles),
    keys: new Float64Array(Math.max(songs, titles)),
    current: 0,
  };
}

/** The songs of each distinct title, by rank (CSR: start offsets and the list). */
function groupByTitle(songTitle: Uint32Array, count: number): { titleSongStart: Uint32Array; titleSongs: Uint32Array } {
  const titleSongStart = new Uint32Array(count + 1);
  for (const t of songTitle) titleSongStart[t + 1] = (titleSongStart[t + 1] as number) + 1;
  for (let t = 0; t < count; t++)
    titleSongStart[t + 1] = (titleSongStart[t + 1] as number) + (titleSongStart[t] as number);
  const fill = titleSongStart.slice(0, count);
  const titleSongs = new Uint32Array(songTitle.length);
  songTitle.forEach((t, r) => {
    titleSongs[fill[t] as number] = r;
    fill[t] = (fill[t] as number) + 1;
  });
  return { titleSongStart, titleSongs };
}

/** Initials of a singer's name; a polyphonic surname is read as a surname (曾 → z, 单 → s). */
function singerInitials(name: string, t: FoldedText, readings: Readings): string {
  let out = '';
  t.units.forEach((unit, u) => {
    const single = t.single[u] === true;
    let r = readings.of(unit, single)[0];
    if (u === 0 && single && readings.of(unit, single).length > 1) {
      const surname = pinyin(name, { toneType: 'none', surname: 'head', type: 'array', v: true })[0];
      if (surname !== undefined && /^[a-z]+$/.test(surname)) r = surname;
    }
    if (r !== undefined) out += r[0];
  });
  return out;
}

const clamp = (v: number | undefined, dflt: number, max: number): number => {
  const x = Math.floor(v ?? dflt);
  return Number.isFinite(x) ? Math.max(0, Math.min(max, x)) : dflt;
};

interface Filter {
  language: number;
  category: number;
  words: number;
  minWords: number;
  singer: number;
  /** A filter names something the catalog does not have: nothing matches. */
  impossible: boolean;
}

const ANY = -1;

function makeFilter(d: IndexData, q: SearchQuery): Filter {
  const f: Filter = { language: ANY, category: ANY, words: ANY, minWords: ANY, singer: ANY, impossible: false };
  if (q.language !== undefined && q.language !== '') {
    f.language = LANGUAGE_CODE.get(q.language) ?? ANY;
    if (f.language === ANY) f.impossible = true;
  }
  if (q.category !== undefined && q.category !== '') {
    f.category = d.categories.get(q.category) ?? ANY;
    if (f.category === ANY) f.impossible = true;
  }
  if (q.wordCount !== undefined) {
    f.words = Math.floor(q.wordCount);
    if (!(f.words >= 1 && f.words <= 255)) f.impossible = true;
  }
  if (q.minWordCount !== undefined) {
    const min = Math.ceil(q.minWordCount);
    if (!(min <= 255)) f.impossible = true;
    else if (min > 1) f.minWords = min;
  }
  if (q.singer !== undefined && q.singer !== '') {
    f.singer = d.singerByName.get(q.singer) ?? ANY;
    if (f.singer === ANY) f.impossible = true;
  }
  return f;
}

function passes(d: IndexData, f: Filter, r: number): boolean {
  if (f.language !== ANY && d.language[r] !== f.language) return false;
  if (f.category !== ANY && d.category[r] !== f.category) return false;
  if (f.words !== ANY && d.words[r] !== f.words) return false;
  if (f.minWords !== ANY && (d.words[r] as number) < f.minWords) return false;
  if (f.singer !== ANY) {
    const end = d.songSingerStart[r + 1] as number;
    for (let k = d.songSingerStart[r] as number; k < end; k++) if (d.songSingers[k] === f.singer) return true;
    return false;
  }
  return true;
}

/**
 * Songs for what the guest typed, best first: the whole title, then titles that start with the
 * query, then songs of a singer the query names, then titles that contain it; within each, the
 * most played first. No text (empty or spaces) lists every song that passes the filters, most
 * played first; text with nothing searchable in it (only symbols or emoji) finds nothing.
 *
 * Work is per distinct title, not per song: the total is summed from the titles' song counts and
 * only the few titles that can hold the page's songs are opened (a short query like `yu` matches
 * tens of thousands of songs but needs their titles' first songs only).
 */
export function searchSongs(index: SearchIndex, q: SearchQuery): SearchResult {
  const d = index.data;
  const limit = clamp(q.limit, DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT);
  const offset = clamp(q.offset, 0, index.songs.length);
  const f = makeFilter(d, q);
  if (f.impossible) return { total: 0, songs: [] };
  const text = (q.text ?? '').slice(0, MAX_QUERY_LENGTH);
  if (text.trim() === '') return listAll(index, f, offset, limit);
  const folded = foldText(text);
  if (folded.units.length === 0) return { total: 0, songs: [] };
  const prepared = prepareQuery(folded);

  const want = offset + limit;
  const cacheKey = JSON.stringify([folded.chars, f]);
  const cached = d.cache.get(cacheKey);
  if (cached !== undefined && (want <= cached.songs.length || cached.songs.length >= cached.total)) {
    d.cache.delete(cacheKey);
    d.cache.set(cacheKey, cached);
    return { total: cached.total, songs: cached.songs.slice(offset, want) };
  }
  const m = matchAll(index, prepared);
  const total = countMatches(d, f, m);
  // Many songs match (a letter or two typed): the first pages are kept for the next guest.
  const keep = total >= CACHE_MIN_MATCHES;
  const top = topSongs(index, f, m, keep ? Math.max(want, CACHE_DEPTH) : want);
  if (keep) {
    d.cache.set(cacheKey, { total, songs: top });
    if (d.cache.size > CACHE_ENTRIES) d.cache.delete(d.cache.keys().next().value as string);
  }
  return { total, songs: top.slice(offset, want) };
}

const CACHE_MIN_MATCHES = 4096;
const CACHE_ENTRIES = 256;
/** A kept query keeps this many songs (any page within them is served from it). */
const CACHE_DEPTH = 120;

function hit(index: SearchIndex, r: number, cls: number, via: number): SearchHit {
  const n = index.songs.length;
  return {
    song: index.songs[r] as CatalogSong,
    score: cls * n + (n - r),
    matched: cls === CLS_TITLE_EXACT ? 'exact' : (VIA_NAME[via] as SearchMatch),
  };
}

/** What matchAll found: the titles (in scratch.titleTouched) and the songs named by a singer. */
interface Matches {
  stamp: number;
  titles: number;
  singerSongs: number;
}

/**
 * Marks every title the query matches (best class and how) and every song of a singer it names,
 * in the scratch arrays. Songs of matched titles are not visited.
 */
function matchAll(index: SearchIndex, prepared: PreparedQuery): Matches {
  const d = index.data;
  const sc = d.scratch;
  if (sc.current === 0xffffffff) {
    sc.stamp.fill(0);
    sc.titleStamp.fill(0);
    sc.current = 0;
  }
  const stamp = ++sc.current;
  // The hot loop: every suffix in range, once per title and class.
  const { titleStamp, titleCls, titleVia, titleTouched } = sc;
  let titles = 0;
  for (const range of d.titles.ranges(prepared)) {
    const { buf, pos, payload } = range.sa;
    const via = VIA_CODE[range.via];
    for (let i = range.lo; i < range.hi; i++) {
      const pay = payload[i] as number;
      const cls =
        (pay & 1) === 0
          ? CLS_TITLE_SUBSTRING
          : buf[(pos[i] as number) + range.length] === 0
            ? CLS_TITLE_EXACT
            : CLS_TITLE_PREFIX;
      const t = pay >>> 1;
      if (titleStamp[t] !== stamp) {
        titleStamp[t] = stamp;
        titleCls[t] = cls;
        titleVia[t] = via;
        titleTouched[titles++] = t;
      } else if (cls > (titleCls[t] as number)) {
        titleCls[t] = cls;
        titleVia[t] = via;
      }
    }
  }
  // A singer is named by at least two characters or letters (one letter would name hundreds).
  let singerSongs = 0;
  const longEnough = (prepared.ascii?.length ?? 0) >= 2 || prepared.chars.length >= 2;
  const prefixLongEnough =
    (prepared.ascii?.length ?? 0) >= 3 || (prepared.ascii === null && prepared.chars.length >= 2);
  if (longEnough) {
    const { stamp: stamps, cls: clsOf, touched } = sc;
    d.singers.match(prepared, (s: number, cls: MatchClass) => {
      if (cls === MATCH_SUBSTRING) return;
      // Two letters name a singer only exactly (王菲 = wf); as a prefix they name hundreds.
      if (cls !== MATCH_EXACT && !prefixLongEnough) return;
      const singerCls = cls === MATCH_EXACT ? CLS_SINGER_EXACT : CLS_SINGER_PREFIX;
      const end = d.singerSongStart[s + 1] as number;
      for (let k = d.singerSongStart[s] as number; k < end; k++) {
        const r = d.singerSongs[k] as number;
        if (stamps[r] !== stamp) {
          stamps[r] = stamp;
          clsOf[r] = singerCls;
          touched[singerSongs++] = r;
        } else if (singerCls > (clsOf[r] as number)) clsOf[r] = singerCls;
      }
    });
  }
  return { stamp, titles, singerSongs };
}

/** A singer-named song counts on its own unless its title matched as well or better. */
function singerOwns(d: IndexData, m: Matches, r: number): boolean {
  const sc = d.scratch;
  const t = d.songTitle[r] as number;
  return sc.titleStamp[t] !== m.stamp || (sc.titleCls[t] as number) < (sc.cls[r] as number);
}

/** Songs a title matched with (those a singer named with a higher class are the singer's). */
function titleOwns(d: IndexData, m: Matches, r: number, cls: number): boolean {
  const sc = d.scratch;
  return sc.stamp[r] !== m.stamp || (sc.cls[r] as number) <= cls;
}

const noFilter = (f: Filter): boolean =>
  f.language === ANY && f.category === ANY && f.words === ANY && f.minWords === ANY && f.singer === ANY;

/** How many songs match: per title its song count (or the songs passing the filters), plus the singers' own. */
function countMatches(d: IndexData, f: Filter, m: Matches): number {
  const sc = d.scratch;
  const { titleSongStart, titleSongs } = d;
  let total = 0;
  const open = noFilter(f);
  for (let i = 0; i < m.titles; i++) {
    const t = sc.titleTouched[i] as number;
    const start = titleSongStart[t] as number;
    const end = titleSongStart[t + 1] as number;
    if (open) total += end - start;
    else for (let k = start; k < end; k++) if (passes(d, f, titleSongs[k] as number)) total++;
  }
  for (let i = 0; i < m.singerSongs; i++) {
    const r = sc.touched[i] as number;
    if (d.scratch.titleStamp[d.songTitle[r] as number] === m.stamp) continue; // counted with its title
    if (open || passes(d, f, r)) total++;
  }
  return total;
}

/**
 * The k best songs, by class, then rank. A title's best song is its first (by rank) that passes
 * the filters; only the k titles with the best such songs can hold songs of the page, so only
 * they are opened, and the singers' own songs join them.
 */
function topSongs(index: SearchIndex, f: Filter, m: Matches, k: number): SearchHit[] {
  const d = index.data;
  const sc = d.scratch;
  const n = index.songs.length;
  const { titleSongStart, titleSongs } = d;
  const open = noFilter(f) && m.singerSongs === 0;
  const keys = sc.keys;
  let kept = 0;
  for (let i = 0; i < m.titles; i++) {
    const t = sc.titleTouched[i] as number;
    const cls = sc.titleCls[t] as number;
    const start = titleSongStart[t] as number;
    const end = titleSongStart[t + 1] as number;
    let head = -1;
    if (open) head = titleSongs[start] as number;
    else
      for (let j = start; j < end; j++) {
        const r = titleSongs[j] as number;
        if (passes(d, f, r) && titleOwns(d, m, r, cls)) {
          head = r;
          break;
        }
      }
    if (head >= 0) keys[kept++] = (TOP_CLASS - cls) * n + head;
  }
  const bestTitles = smallestKeys(keys, kept, k);
  kept = 0;
  for (const key of bestTitles) {
    const t = d.songTitle[key % n] as number;
    const cls = sc.titleCls[t] as number;
    const end = titleSongStart[t + 1] as number;
    let taken = 0;
    for (let j = titleSongStart[t] as number; j < end && taken < k; j++) {
      const r = titleSongs[j] as number;
      if (open || (passes(d, f, r) && titleOwns(d, m, r, cls))) {
        keys[kept++] = (TOP_CLASS - cls) * n + r;
        taken++;
      }
    }
  }
  for (let i = 0; i < m.singerSongs; i++) {
    const r = sc.touched[i] as number;
    if (singerOwns(d, m, r) && passes(d, f, r)) keys[kept++] = (TOP_CLASS - (sc.cls[r] as number)) * n + r;
  }
  const best = smallestKeys(keys, kept, k);
  const hits: SearchHit[] = [];
  for (const key of best) {
    const r = key % n;
    const cls = TOP_CLASS - Math.floor(key / n);
    const via =
      cls === CLS_SINGER_EXACT || cls === CLS_SINGER_PREFIX ? VIA_SINGER : sc.titleVia[d.songTitle[r] as number];
    hits.push(hit(index, r, cls, via as number));
  }
  return hits;
}

function listAll(index: SearchIndex, f: Filter, offset: number, limit: number): SearchResult {
  const d = index.data;
  const n = index.songs.length;
  const hits: SearchHit[] = [];
  const matched: SearchMatch = f.singer === ANY ? 'chars' : 'singer';
  let total = 0;
  const take = (r: number): void => {
    if (!passes(d, f, r)) return;
    if (total >= offset && hits.length < limit)
      hits.push({ song: index.songs[r] as CatalogSong, score: n - r, matched });
    total++;
  };
  if (f.singer !== ANY) {
    const end = d.singerSongStart[f.singer + 1] as number;
    for (let k = d.singerSongStart[f.singer] as number; k < end; k++) take(d.singerSongs[k] as number);
  } else {
    for (let r = 0; r < n; r++) take(r);
  }
  return { total, songs: hits };
}

/**
 * Singers (歌星点歌), most played first: all, those whose name starts with `initial` (its pinyin
 * initial, a..z, or `#` for names that start with something else), or those `text` names (name,
 * initials or pinyin, as for songs: exact names first).
 */
export function listSingers(index: SearchIndex, q: SingerQuery): SingerList {
  const d = index.data;
  const limit = clamp(q.limit, DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT);
  const offset = clamp(q.offset, 0, d.singerNames.length);
  let lang = ANY;
  if (q.language !== undefined && q.language !== '') {
    lang = LANGUAGE_CODE.get(q.language) ?? ANY;
    if (lang === ANY || lang >= 8) return { total: 0, singers: [] };
  }
  const initial = q.initial === undefined || q.initial === '' ? null : q.initial.toLowerCase();
  const ok = (s: number): boolean => {
    if (lang !== ANY && ((d.singerLanguages[s] as number) & (1 << lang)) === 0) return false;
    if (initial === null) return true;
    const first = (d.singerInitials[s] as string)[0];
    return initial === '#' ? first === undefined || !/[a-z]/.test(first) : first === initial;
  };
  let candidates: number[];
  const text = (q.text ?? '').slice(0, MAX_QUERY_LENGTH);
  if (text.trim() === '') {
    candidates = [];
    for (let s = 0; s < d.singerNames.length; s++) if (ok(s)) candidates.push(s);
  } else {
    const folded = foldText(text);
    if (folded.units.length === 0) return { total: 0, singers: [] };
    const best = new Map<number, number>();
    d.singers.match(prepareQuery(folded), (s, cls) => {
      if (ok(s) && cls > (best.get(s) ?? 0)) best.set(s, cls);
    });
    candidates = [...best.keys()].sort((a, b) => (best.get(b) as number) - (best.get(a) as number) || a - b);
  }
  const singers: SingerListing[] = candidates.slice(offset, offset + limit).map((s) => ({
    name: d.singerNames[s] as string,
    initials: d.singerInitials[s] as string,
    songCount: (d.singerSongStart[s + 1] as number) - (d.singerSongStart[s] as number),
  }));
  return { total: candidates.length, singers };
}

/** 排行榜: most played this week or of all time, or the newest songs (新歌). */
export function charts(index: SearchIndex, kind: ChartKind, q: ChartQuery = {}): CatalogSong[] {
  const d = index.data;
  const limit = clamp(q.limit, DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT);
  let lang = ANY;
  if (q.language !== undefined && q.language !== '') {
    lang = LANGUAGE_CODE.get(q.language) ?? ANY;
    if (lang === ANY) return [];
  }
  let order = d.charts[kind];
  if (order === undefined) {
    order = chartOrder(index.songs, kind);
    d.charts[kind] = order;
  }
  const out: CatalogSong[] = [];
  for (let i = 0; i < order.length && out.length < limit; i++) {
    const r = order[i] as number;
    if (lang === ANY || d.language[r] === lang) out.push(index.songs[r] as CatalogSong);
  }
  return out;
}

function chartOrder(songs: readonly CatalogSong[], kind: ChartKind): Uint32Array {
  const order = Uint32Array.from(songs.keys());
  if (kind === 'all') return order; // ranks are all-time popularity already
  const key = new Float64Array(songs.length);
  songs.forEach((s, r) => {
    key[r] = kind === 'week' ? plays(s, 'week') : s.addedAt;
  });
  const pick = kind === 'week' ? (r: number) => plays(songs[r] as CatalogSong, 'week') > 0 : () => true;
  return Uint32Array.from([...order].filter(pick).sort((a, b) => (key[b] as number) - (key[a] as number) || a - b));
}

/** Sizes, for the benchmark and `library stats`. */
export function searchIndexStats(index: SearchIndex): { songs: number; singers: number; suffixes: number } {
  const d = index.data;
  return {
    songs: index.songs.length,
    singers: d.singerNames.length,
    suffixes: d.titles.suffixCount + d.singers.suffixCount,
  };
}
