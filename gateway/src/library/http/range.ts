/** What to send for a `Range` header (RFC 9110 §14), pure. */
export type RangePlan = { kind: 'full' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

const SINGLE = /^bytes=(\d*)-(\d*)$/;

/**
 * One byte range: `bytes=0-99`, `bytes=100-` (to the end), `bytes=-500` (the last 500 bytes).
 * A header that does not parse, or asks for several ranges, is ignored (the whole file, as
 * RFC 9110 allows); a range that starts past the end, or an empty suffix, is unsatisfiable (416).
 */
export function planRange(header: string | undefined, size: number): RangePlan {
  if (header === undefined) return { kind: 'full' };
  const m = SINGLE.exec(header.trim().replace(/\s+/g, ''));
  if (!m) return { kind: 'full' };
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return { kind: 'full' };
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(a);
  const end = b === '' ? Number.MAX_SAFE_INTEGER : Number(b);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end < start) return { kind: 'full' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end: Math.min(end, size - 1) };
}

/** A strong ETag from the file's size and modification time. */
export function etagOf(size: number, mtimeMs: number): string {
  return `"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;
}

/**
 * `If-Range`: the range applies only if the validator still matches (a strong ETag, or the exact
 * Last-Modified date); otherwise the whole file is sent.
 */
export function ifRangeMatches(ifRange: string | undefined, etag: string, lastModified: string): boolean {
  if (ifRange === undefined) return true;
  const v = ifRange.trim();
  if (v.startsWith('W/')) return false;
  if (v.startsWith('"')) return v === etag;
  return v === lastModified;
}
