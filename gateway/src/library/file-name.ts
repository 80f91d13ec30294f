/**
 * Song file names as stores have them: `歌手-歌名.mkv`, `歌名-歌手.mkv`, `歌手 - 歌名 (伴奏版).mkv`,
 * full-width dashes, no artist at all. Pure.
 */

export const DEFAULT_NAME_PATTERN = '{artist}-{title}';

const FIELDS = ['artist', 'title', 'language', 'category', 'id', 'any'] as const;
type Field = (typeof FIELDS)[number];

export interface ParsedName {
  title: string;
  artists: string[];
  language?: string;
  category?: string;
  id?: string;
  /** What was in brackets at the end, e.g. `伴奏版`, `Live`. */
  variant?: string;
}

export interface NamePattern {
  readonly source: string;
  readonly fields: readonly Field[];
  readonly re: RegExp;
}

/** Dashes people type between artist and title: ASCII, full-width, en/em dash, minus sign. */
const DASHES = /[\uFF0D\u2013\u2014\u2212\u2010\u2011\uFE63]/g;
const TRAILING_BRACKET = /\s*[([（【]([^()[\]（）【】]*)[)\]）】]\s*$/u;
const ARTIST_SPLIT = /\s*(?:&|＆|、|\/|／|,|，|;|；|\bfeat\.?\s|\bft\.\s)\s*/iu;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `{artist}-{title}`: each `{field}` becomes a lazy group, each run of literal text a separator
 * that may have spaces around it. Throws on an unknown field or a pattern without `{title}`.
 */
export function compileNamePattern(source: string): NamePattern {
  const fields: Field[] = [];
  let re = '^\\s*';
  let last = 0;
  const token = /\{(\w+)\}/g;
  for (let m = token.exec(source); m; m = token.exec(source)) {
    const raw = source.slice(last, m.index);
    const literal = raw.trim().replace(DASHES, '-');
    if (literal) re += `\\s*${escapeRe(literal)}\\s*`;
    else if (raw.length > 0) re += '\\s+';
    const name = m[1] as Field;
    if (!FIELDS.includes(name)) throw new Error(`unknown field {${m[1]}} in pattern "${source}"`);
    fields.push(name);
    re += '(.+?)';
    last = m.index + m[0].length;
  }
  const tail = source.slice(last).trim().replace(DASHES, '-');
  if (tail) re += `\\s*${escapeRe(tail)}`;
  re += '\\s*$';
  if (!fields.includes('title')) throw new Error(`pattern "${source}" has no {title}`);
  return { source, fields, re: new RegExp(re, 'u') };
}

export function splitArtists(text: string): string[] {
  return text
    .split(ARTIST_SPLIT)
    .map((a) => a.trim())
    .filter((a) => a.length > 0)
    .slice(0, 16);
}

/** The file's base name without extension → title, artists, ... */
export function parseSongFileName(baseName: string, pattern: NamePattern): ParsedName {
  let name = baseName.normalize('NFC').replace(DASHES, '-').replace(/_/g, ' ').replace(/\s+/g, ' ').trim();
  let variant: string | undefined;
  const bracket = TRAILING_BRACKET.exec(name);
  if (bracket && bracket.index > 0) {
    variant = bracket[1]?.trim() || undefined;
    name = name.slice(0, bracket.index).trim();
  }
  const m = pattern.re.exec(name);
  if (!m) return { title: name, artists: [], ...(variant ? { variant } : {}) };
  const out: ParsedName = { title: '', artists: [] };
  pattern.fields.forEach((field, i) => {
    const value = (m[i + 1] ?? '').trim();
    if (field === 'title') out.title = value;
    else if (field === 'artist') out.artists = splitArtists(value);
    else if (field === 'language') out.language = value;
    else if (field === 'category') out.category = value;
    else if (field === 'id') out.id = value;
  });
  if (!out.title) out.title = name;
  if (variant) out.variant = variant;
  return out;
}
