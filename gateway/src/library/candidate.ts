import { createHash } from 'node:crypto';
import { SONG_ID_PATTERN, SONG_LANGUAGES, type SongLanguage, type VocalLayout } from '@ktv/protocol';

/** One song found by an import (a media file or a supplier's row), before merging. */
export interface SongCandidate {
  id: string;
  title: string;
  artists: string[];
  language: SongLanguage;
  category: string;
  durationMs: number;
  /** Absolute paths on the gateway. */
  mediaFile: string;
  lyricsFile: string | null;
  vocals: VocalLayout;
  /** Tempo from a supplier list (beats per minute), when it gives one. */
  bpm?: number;
  /** Changes when the song's metadata or its media file (size, mtime) changes. */
  contentHash: string;
  /** `size:mtime` of the media file: unchanged means it need not be read again. */
  stamp: string;
  /** `size:mtime` of the lyric file, null without one. */
  lyricsStamp: string | null;
  /** The file name pattern the song's names came from (a folder import). */
  pattern?: string;
  /** Where it came from, for the report: the file, or `list.csv:12`. */
  source: string;
}

/** A file or row the import could not take, with the reason. */
export interface ImportProblem {
  source: string;
  reason: string;
}

const SONG_ID_RE = new RegExp(SONG_ID_PATTERN);

export function isValidSongId(id: string): boolean {
  return SONG_ID_RE.test(id);
}

/** A stable id for a song without a supplier id: a hash of its media path (relative to the root). */
export function songIdFromPath(relativePath: string): string {
  return `f${createHash('sha256').update(relativePath.normalize('NFC')).digest('hex').slice(0, 20)}`;
}

const LANGUAGE_ALIASES: Record<string, SongLanguage> = {
  国语: '国语',
  普通话: '国语',
  华语: '国语',
  mandarin: '国语',
  chinese: '国语',
  zh: '国语',
  粤语: '粤语',
  广东话: '粤语',
  cantonese: '粤语',
  yue: '粤语',
  闽南语: '闽南语',
  台语: '闽南语',
  hokkien: '闽南语',
  英语: '英语',
  英文: '英语',
  english: '英语',
  en: '英语',
  eng: '英语',
  日语: '日语',
  日文: '日语',
  japanese: '日语',
  ja: '日语',
  jpn: '日语',
  韩语: '韩语',
  韩文: '韩语',
  korean: '韩语',
  ko: '韩语',
  kor: '韩语',
  其他: '其他',
};

/** A language word from a tag, a column or a folder name, or undefined when it is none. */
export function normalizeLanguage(text: string | undefined): SongLanguage | undefined {
  if (!text) return undefined;
  const t = text.trim().toLowerCase();
  if ((SONG_LANGUAGES as readonly string[]).includes(t)) return t as SongLanguage;
  return LANGUAGE_ALIASES[t];
}

/** From the title's script: kana → 日语, hangul → 韩语, only Latin → 英语, else 国语. */
export function guessLanguage(title: string): SongLanguage {
  if (/[\u3040-\u30ff]/u.test(title)) return '日语';
  if (/[\uac00-\ud7af]/u.test(title)) return '韩语';
  if (/\p{Script=Han}/u.test(title)) return '国语';
  if (/[A-Za-z]/.test(title)) return '英语';
  return '国语';
}

export function hashOf(...parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}
