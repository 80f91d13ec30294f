/**
 * LRC time tags: `mm:ss`, `mm:ss.x`, `mm:ss.xx`, `mm:ss.xxx` and `mm:ss:xx` (the colon variant of
 * centiseconds). Minutes may exceed 59 (`[75:02.10]`), and seconds are taken as written.
 */
const TIME = /^\s*(\d{1,4}):(\d{1,2})(?:[.:](\d{1,3}))?\s*$/;

/** The time in ms that a tag's body (without its brackets) names, or null when it is no time. */
export function parseTimeTag(body: string): number | null {
  const m = TIME.exec(body);
  if (m === null) return null;
  const minutes = Number(m[1]);
  const seconds = Number(m[2]);
  const fraction = m[3] ?? '';
  const fractionMs = fraction === '' ? 0 : Math.round(Number(fraction) * 10 ** (3 - fraction.length));
  return (minutes * 60 + seconds) * 1000 + fractionMs;
}

/** A time tag inside a line's text, in angle brackets (enhanced LRC) or square brackets (inline variant). */
export const INLINE_TIME_TAG = /<(\s*\d{1,4}:\d{1,2}(?:[.:]\d{1,3})?\s*)>|\[(\s*\d{1,4}:\d{1,2}(?:[.:]\d{1,3})?\s*)\]/g;
