import type { CatalogSnapshot, CatalogSong, SongLanguage, VocalLayout } from '@ktv/protocol';
import { createRng, type Rng } from './prng.js';
import * as W from './words.js';

/** A real media file that generated songs point at (round-robin). */
export interface GeneratedMedia {
  path: string;
  vocals: VocalLayout;
}

export interface GenerateOptions {
  songs: number;
  seed: number;
  media: readonly GeneratedMedia[];
  /** The catalog's createdAt; songs were added over the year before it. */
  createdAt: number;
}

const LANGUAGES: readonly (readonly [SongLanguage, number])[] = [
  ['国语', 55],
  ['粤语', 15],
  ['闽南语', 5],
  ['英语', 15],
  ['日语', 5],
  ['韩语', 4],
  ['其他', 1],
];
const CATEGORIES: readonly (readonly [string, number])[] = [
  ['流行', 50],
  ['摇滚', 10],
  ['民歌', 6],
  ['儿歌', 4],
  ['经典老歌', 14],
  ['影视', 6],
  ['舞曲', 5],
  ['红歌', 3],
  ['戏曲', 2],
];
const YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * A tempo for a generated song (70..169 bpm), from its id rather than the seeded generator, so the
 * rest of a seed's catalog stays as it was before songs had tempos (the party scene follows it).
 */
function tempoOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i += 1) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return 70 + (h % 100);
}

interface Singer {
  name: string;
  language: SongLanguage;
}

function chineseName(rng: Rng): string {
  const given = rng.pick(W.ZH_GIVEN) + (rng.next() < 0.7 ? rng.pick(W.ZH_GIVEN) : '');
  return rng.pick(W.ZH_SURNAMES) + given;
}

function makeSinger(rng: Rng, language: SongLanguage): string {
  switch (language) {
    case '英语':
      return rng.next() < 0.2
        ? `The ${rng.pick(W.EN_ADJECTIVES)} ${rng.pick(W.EN_NOUNS)}s`
        : `${rng.pick(W.EN_FIRST)} ${rng.pick(W.EN_LAST)}`;
    case '日语':
      return rng.next() < 0.3 ? rng.pick(W.JA_SINGERS) : chineseName(rng);
    case '韩语':
      return rng.pick(W.KO_SINGERS);
    default:
      return rng.next() < 0.08 ? rng.pick(W.ZH_NOUNS) + rng.pick(W.ZH_BANDS) : chineseName(rng);
  }
}

const NOUNS = [...W.ZH_NOUNS, ...W.ZH_MORE_NOUNS];

function chineseTitle(rng: Rng): string {
  switch (rng.int(11)) {
    case 0:
      return rng.pick(W.ZH_POSSESSIVES) + rng.pick(NOUNS);
    case 1:
      return rng.pick(W.ZH_ADJECTIVES) + rng.pick(NOUNS);
    case 2:
      return rng.pick(W.ZH_VERBS) + rng.pick(W.ZH_POSSESSIVES) + rng.pick(NOUNS);
    case 3:
      return rng.pick(NOUNS) + rng.pick(W.ZH_ENDINGS);
    case 4:
      return rng.pick(NOUNS) + rng.pick(NOUNS);
    case 5:
      return rng.pick(W.ZH_VERBS) + rng.pick(NOUNS);
    case 6:
      return `${rng.pick(W.EN_NOUNS)}${rng.pick(NOUNS)}`;
    case 7:
      return rng.pick(NOUNS) + rng.pick(NOUNS) + rng.pick(W.ZH_ENDINGS);
    case 8:
      return rng.pick(W.ZH_ADJECTIVES) + rng.pick(NOUNS) + rng.pick(NOUNS);
    case 9:
      return rng.pick(W.ZH_VERBS) + rng.pick(W.ZH_ADJECTIVES) + rng.pick(NOUNS);
    default:
      return rng.pick(W.ZH_POSSESSIVES) + rng.pick(NOUNS) + rng.pick(W.ZH_ENDINGS);
  }
}

function englishTitle(rng: Rng): string {
  switch (rng.int(5)) {
    case 0:
      return `${rng.pick(W.EN_ADJECTIVES)} ${rng.pick(W.EN_NOUNS)}`;
    case 1:
      return `My ${rng.pick(W.EN_NOUNS)}`;
    case 2:
      return `${rng.pick(W.EN_VERBS)} Me`;
    case 3:
      return `${rng.pick(W.EN_NOUNS)} of the ${rng.pick(W.EN_NOUNS)}`;
    default:
      return `${rng.pick(W.EN_VERBS)} My ${rng.pick(W.EN_NOUNS)}`;
  }
}

function title(rng: Rng, language: SongLanguage): string {
  if (language === '英语') return englishTitle(rng);
  if (language === '日语') return rng.next() < 0.6 ? rng.pick(W.JA_WORDS) : chineseTitle(rng);
  if (language === '韩语') return rng.pick(W.KO_WORDS) + (rng.next() < 0.5 ? ` ${rng.pick(W.KO_WORDS)}` : '');
  return chineseTitle(rng);
}

/** Plays with a long tail: most songs are rarely sung, a few are sung every night. */
function plays(rng: Rng): { week: number; all: number } {
  const all = Math.min(1_000_000, Math.floor(1 / (1 - rng.next()) ** 1.3) - 1);
  return { all, week: Math.floor(all * rng.next() * 0.05) };
}

/**
 * A deterministic catalog of invented songs: the same options give the same catalog. Singers
 * come from a pool (about one per 25 songs) with a few prolific ones; duets (对唱) have two.
 */
export function generateCatalog(o: GenerateOptions): CatalogSnapshot {
  if (o.media.length === 0) throw new Error('generateCatalog needs at least one media file');
  const rng = createRng(o.seed);
  const singerCount = Math.max(20, Math.ceil(o.songs / 25));
  const singers: Singer[] = [];
  const seen = new Set<string>();
  for (let i = 0; singers.length < singerCount && i < singerCount * 20; i++) {
    const language = rng.weighted(LANGUAGES);
    const name = makeSinger(rng, language);
    if (seen.has(name)) continue;
    seen.add(name);
    singers.push({ name, language });
  }
  // Singers by how often they sing: index ~ u^2 puts more songs on the first singers.
  const pickSinger = (): Singer => singers[Math.floor(rng.next() ** 2 * singers.length)] as Singer;

  const songs: CatalogSong[] = [];
  for (let i = 0; i < o.songs; i++) {
    const singer = pickSinger();
    const category = rng.weighted(CATEGORIES);
    const duet = rng.next() < 0.05;
    const artists = [singer.name];
    if (duet) {
      const other = pickSinger();
      if (other.name !== singer.name) artists.push(other.name);
    }
    const media = o.media[i % o.media.length] as GeneratedMedia;
    const id = `g${o.seed.toString(36)}-${i.toString(36)}`;
    songs.push({
      id,
      title: title(rng, singer.language),
      artists,
      language: singer.language,
      category: duet && artists.length === 2 ? '对唱' : category,
      durationMs: 150_000 + rng.int(150_000),
      media: media.path,
      lyrics: null,
      vocals: media.vocals,
      addedAt: o.createdAt - rng.int(YEAR_MS),
      plays: plays(rng),
      bpm: tempoOf(id),
    });
  }
  return { version: 1, createdAt: o.createdAt, songs };
}
