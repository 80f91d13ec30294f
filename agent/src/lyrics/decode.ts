import type { LyricEncoding, LyricsError } from './types.js';

export type DecodedLyrics = { ok: true; text: string; encoding: LyricEncoding } | { ok: false; error: LyricsError };

/**
 * Turns a lyric file's bytes into text without ever guessing into mojibake:
 * 1. a BOM decides (UTF-8, UTF-16 LE, UTF-16 BE);
 * 2. without a BOM, UTF-16 is recognised by its NUL bytes (LRC is full of ASCII timestamps);
 * 3. bytes that are valid UTF-8 are UTF-8 (GBK text is almost never valid UTF-8);
 * 4. otherwise bytes that are valid GB18030 (a superset of GBK and GB2312) are GB18030;
 * 5. anything else, or text with control characters (a binary file), is refused: KTV_E_LYRICS_ENCODING.
 */
export function decodeLyricBytes(bytes: Uint8Array): DecodedLyrics {
  const encoding = detectEncoding(bytes);
  const candidates: LyricEncoding[] = encoding === null ? ['utf-8', 'gb18030'] : [encoding];
  for (const candidate of candidates) {
    const text = decodeStrict(bytes, candidate);
    if (text !== null && !hasControlCharacters(text)) return { ok: true, text, encoding: candidate };
  }
  const tried = candidates.join(', ');
  return {
    ok: false,
    error: { code: 'KTV_E_LYRICS_ENCODING', message: `lyric file is not valid text (tried ${tried})` },
  };
}

/** The encoding a BOM or the NUL-byte pattern names, or null when the content must decide. */
function detectEncoding(bytes: Uint8Array): LyricEncoding | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return guessUtf16WithoutBom(bytes);
}

function guessUtf16WithoutBom(bytes: Uint8Array): LyricEncoding | null {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < bytes.length; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = bytes.length / 2;
  if (oddZeros > pairs * 0.25 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.25 && oddZeros < pairs * 0.05) return 'utf-16be';
  return null;
}

function decodeStrict(bytes: Uint8Array, encoding: LyricEncoding): string | null {
  try {
    // The decoder drops a BOM that matches its encoding.
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

// C0 controls other than tab, line feed, form feed and carriage return never occur in a lyric file.
// biome-ignore lint/suspicious/noControlCharactersInRegex: detecting control characters is the point.
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

function hasControlCharacters(text: string): boolean {
  return CONTROL.test(text);
}
