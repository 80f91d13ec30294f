import type { VocalLayout } from '@ktv/protocol';
import { guessLanguage, isValidSongId, normalizeLanguage } from './candidate.js';
import { parseCsv } from './csv.js';
import { splitArtists } from './file-name.js';

/** One row of a supplier's list after checking, with paths still as written in the list. */
export interface ListRow {
  id: string;
  title: string;
  artists: string[];
  language: ReturnType<typeof guessLanguage>;
  category: string;
  durationMs: number | undefined;
  media: string;
  lyrics: string | null;
  vocals: VocalLayout | undefined;
  addedAt: number | undefined;
  /** Tempo (beats per minute, 30..300) when the list gives it: the party light scene follows it. */
  bpm?: number;
  /** `catalog.csv:12` (line numbers count the header as 1). */
  source: string;
}

export type RowResult = { ok: true; row: ListRow } | { ok: false; source: string; reason: string };

/** `track:1:2`, `track`, `channel:right`, `right`, `left`, or an object as in the catalog. */
export function parseVocals(value: unknown): VocalLayout | undefined | { error: string } {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (v.kind === 'track' && Number.isInteger(v.vocalsTrack) && Number.isInteger(v.backingTrack)) {
      return { kind: 'track', vocalsTrack: v.vocalsTrack as number, backingTrack: v.backingTrack as number };
    }
    if (v.kind === 'channel' && (v.vocalsChannel === 'left' || v.vocalsChannel === 'right')) {
      return { kind: 'channel', vocalsChannel: v.vocalsChannel };
    }
    return { error: `vocals ${JSON.stringify(value)} is not a track or channel layout` };
  }
  const text = String(value).trim().toLowerCase();
  const parts = text.split(/[:/ ]+/);
  if (parts[0] === 'track') {
    const vocalsTrack = parts[1] === undefined ? 1 : Number(parts[1]);
    const backingTrack = parts[2] === undefined ? 2 : Number(parts[2]);
    if ([vocalsTrack, backingTrack].every((n) => Number.isInteger(n) && n >= 1 && n <= 64)) {
      return { kind: 'track', vocalsTrack, backingTrack };
    }
  }
  const channel = parts[0] === 'channel' ? parts[1] : parts[0];
  if (channel === 'left' || channel === 'right' || channel === 'l' || channel === 'r') {
    return { kind: 'channel', vocalsChannel: channel.startsWith('l') ? 'left' : 'right' };
  }
  return { error: `vocals "${String(value)}" is not track:V:B, channel:left or channel:right` };
}

function text(v: unknown): string {
  return typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';
}

/** Checks one record (a CSV row as an object, or a JSON entry). */
export function checkRow(record: Record<string, unknown>, source: string): RowResult {
  const fail = (reason: string): RowResult => ({ ok: false, source, reason });
  const id = text(record.id);
  if (!id) return fail('no id');
  if (!isValidSongId(id)) return fail(`id "${id}" may only have letters, digits, _ . - (at most 64)`);
  const title = text(record.title);
  if (!title) return fail('no title');
  if (title.length > 200) return fail('title longer than 200 characters');
  const artists = Array.isArray(record.artists)
    ? record.artists.map(text).filter((a) => a.length > 0)
    : splitArtists(text(record.artists) || text(record.artist));
  const media = text(record.media);
  if (!media) return fail('no media file');
  const languageText = text(record.language);
  const language = languageText ? normalizeLanguage(languageText) : guessLanguage(title);
  if (!language) return fail(`unknown language "${languageText}"`);
  const vocals = parseVocals(record.vocals);
  if (vocals && 'error' in vocals) return fail(vocals.error);
  const durationRaw = record.durationMs ?? (record.duration !== undefined ? Number(record.duration) * 1000 : undefined);
  let durationMs: number | undefined;
  if (durationRaw !== undefined && durationRaw !== '') {
    durationMs = Math.round(Number(durationRaw));
    if (!Number.isFinite(durationMs) || durationMs < 0)
      return fail(`duration "${String(durationRaw)}" is not a number`);
  }
  const addedAt = typeof record.addedAt === 'number' && record.addedAt >= 0 ? Math.floor(record.addedAt) : undefined;
  const lyrics = text(record.lyrics) || null;
  let bpm: number | undefined;
  if (record.bpm !== undefined && record.bpm !== null && record.bpm !== '') {
    bpm = Number(record.bpm);
    if (!Number.isInteger(bpm) || bpm < 30 || bpm > 300)
      return fail(`bpm "${String(record.bpm)}" is not a whole number 30..300`);
  }
  return {
    ok: true,
    row: {
      id,
      title,
      artists: artists.slice(0, 16),
      language,
      category: text(record.category).slice(0, 32) || '流行',
      durationMs,
      media,
      lyrics,
      vocals,
      addedAt,
      ...(bpm !== undefined ? { bpm } : {}),
      source,
    },
  };
}

/** A CSV with a header row (id,title,artist,language,category,media,lyrics,vocals,durationMs). */
export function parseCsvList(content: string, fileName: string): { rows: RowResult[]; error?: string } {
  const table = parseCsv(content);
  const header = table[0]?.map((h) => h.trim().toLowerCase());
  if (!header?.includes('title') || !header.includes('media')) {
    return { rows: [], error: 'the first row must be a header with at least title and media' };
  }
  const rows = table.slice(1).map((cells, i) => {
    const record: Record<string, unknown> = {};
    header.forEach((h, c) => {
      const key = h === 'durationms' ? 'durationMs' : h === 'addedat' ? 'addedAt' : h;
      record[key] = cells[c] ?? '';
    });
    if (typeof record.addedAt === 'string') record.addedAt = record.addedAt ? Number(record.addedAt) : undefined;
    return checkRow(record, `${fileName}:${i + 2}`);
  });
  return { rows };
}

/** `{ songs: [...] }` (the generator's catalog.json, a CatalogSnapshot) or a bare array. */
export function parseJsonList(content: string, fileName: string): { rows: RowResult[]; error?: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(content.charCodeAt(0) === 0xfeff ? content.slice(1) : content);
  } catch (e) {
    return { rows: [], error: `not JSON: ${(e as Error).message}` };
  }
  const songs = Array.isArray(doc) ? doc : (doc as { songs?: unknown } | null)?.songs;
  if (!Array.isArray(songs)) return { rows: [], error: 'expected an array of songs or { "songs": [...] }' };
  return {
    rows: songs.map((s, i) =>
      typeof s === 'object' && s !== null
        ? checkRow(s as Record<string, unknown>, `${fileName}#${i}`)
        : { ok: false as const, source: `${fileName}#${i}`, reason: 'not an object' },
    ),
  };
}
