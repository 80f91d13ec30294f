/** One sung unit: a CJK character, a Latin word (with its trailing space), or a timed segment. */
export interface LyricWord {
  startMs: number;
  endMs: number;
  text: string;
}

/** One lyric line. `text` is the concatenation of its words' text (trimmed); times are final (offset applied). */
export interface LyricLine {
  startMs: number;
  endMs: number;
  text: string;
  words: LyricWord[];
}

/** Parsed lyrics: lines sorted by start, offset already applied to every time. */
export interface Lyrics {
  title?: string;
  artist?: string;
  album?: string;
  /** The file's `[offset:]` in ms (positive = lyrics earlier); already applied to all times. */
  offsetMs: number;
  lines: LyricLine[];
}

export type LyricsErrorCode =
  /** The file has no lyric line at all. */
  | 'KTV_E_LYRICS_EMPTY'
  /** The bytes are neither UTF-8, UTF-16 with BOM, nor GB18030: showing them would be mojibake. */
  | 'KTV_E_LYRICS_ENCODING';

export interface LyricsError {
  code: LyricsErrorCode;
  message: string;
}

export type LyricEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';
