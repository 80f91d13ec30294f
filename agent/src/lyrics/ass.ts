import { assColour, assName, assTime, centiseconds, escapeAssText, estimateWidthEm } from './ass-format.js';
import type { LyricLine, Lyrics } from './types.js';

export interface AssOptions {
  /** CJK-capable font (Debian's fonts-noto-cjk). Default 'Noto Sans CJK SC'. */
  fontName?: string;
  /** Script resolution; mpv scales it to the screen. Default 1920 x 1080. */
  playResX?: number;
  playResY?: number;
  /** Font size in script pixels. Default 7.5 % of playResY (81 at 1080): readable across a room. */
  fontSize?: number;
  /** Colour of sung text, `#RRGGBB`. Default '#33CCFF' (KTV blue). */
  sungColour?: string;
  /** Colour of text not yet sung, `#RRGGBB`. Default '#FFFFFF'. */
  unsungColour?: string;
  /** How long before its start a line appears at the latest (and the first line at all). Default 4000 ms. */
  previewMs?: number;
  /** Show title and artist before the first line. Default true. */
  showTitle?: boolean;
}

export const DEFAULT_LYRICS_FONT = 'Noto Sans CJK SC';

const STYLE_FORMAT =
  'Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, ' +
  'StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding';
const EVENT_FORMAT = 'Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text';

/**
 * An ASS document drawing the lyrics like a KTV screen: two rows at the bottom, lines alternating
 * between the upper row (left-aligned) and the lower row (right-aligned). A line appears while the
 * line before it is sung (at most previewMs before its own start), is filled word by word with \kf
 * (PrimaryColour = sung, SecondaryColour = not yet sung) and disappears at its end. A line too wide
 * for the screen is squeezed horizontally rather than wrapped into the other row.
 */
export function toAss(lyrics: Lyrics, options: AssOptions = {}): string {
  const o = resolveOptions(options);
  const rowHeight = Math.round(o.fontSize * 1.35);
  const marginH = Math.round(o.playResX * 0.06);
  const marginBottom = Math.round(o.playResY * 0.06);
  const style = (name: string, alignment: number, marginV: number) =>
    `Style: ${name},${o.fontName},${o.fontSize},${o.sung},${o.unsung},&H00000000,&H80000000,-1,0,0,0,100,100,2,0,1,` +
    `${Math.max(2, Math.round(o.fontSize / 20))},2,${alignment},${marginH},${marginH},${marginV},1`;
  const header = [
    '[Script Info]',
    `Title: ${(lyrics.title ?? 'lyrics').replace(/[\r\n]+/g, ' ')}`,
    'ScriptType: v4.00+',
    `PlayResX: ${o.playResX}`,
    `PlayResY: ${o.playResY}`,
    'WrapStyle: 2',
    'ScaledBorderAndShadow: yes',
    'YCbCr Matrix: None',
    '',
    '[V4+ Styles]',
    `Format: ${STYLE_FORMAT}`,
    style('KtvUpper', 1, marginBottom + rowHeight),
    style('KtvLower', 3, marginBottom),
    style('KtvTitle', 2, marginBottom + rowHeight * 3),
    '',
    '[Events]',
    `Format: ${EVENT_FORMAT}`,
  ];
  const events: string[] = [];
  const titleEvent = o.showTitle ? titleCard(lyrics, o.previewMs) : null;
  if (titleEvent !== null) events.push(titleEvent);
  const usableWidth = o.playResX - 2 * marginH;
  lyrics.lines.forEach((line, i) => {
    const shownFrom =
      i === 0 ? line.startMs - o.previewMs : Math.max(lyrics.lines[i - 1]?.startMs ?? 0, line.startMs - o.previewMs);
    const styleName = i % 2 === 0 ? 'KtvUpper' : 'KtvLower';
    const squeeze = Math.floor((100 * usableWidth) / (estimateWidthEm(line.text) * o.fontSize));
    const fit = squeeze < 100 ? `{\\fscx${Math.max(40, squeeze)}}` : '';
    events.push(dialogue(centiseconds(Math.max(0, shownFrom)), styleName, line, fit));
  });
  return `${[...header, ...events].join('\n')}\n`;
}

/** One Dialogue line: a silent \k lead-in until the line starts, then one \kf per word. */
function dialogue(shownCs: number, styleName: string, line: LyricLine, prefix: string): string {
  const startCs = centiseconds(line.startMs);
  const parts: string[] = [prefix];
  if (startCs > shownCs) parts.push(`{\\k${startCs - shownCs}}`);
  let at = startCs;
  for (const word of line.words) {
    const from = centiseconds(word.startMs);
    const to = centiseconds(word.endMs);
    if (from > at) parts.push(`{\\k${from - at}}`);
    parts.push(`{\\kf${Math.max(0, to - Math.max(from, at))}}${escapeAssText(word.text)}`);
    at = Math.max(at, to);
  }
  return `Dialogue: 0,${assTime(shownCs)},${assTime(centiseconds(line.endMs))},${styleName},,0,0,0,,${parts.join('')}`;
}

/** Title and artist from the song's start until the first line appears, when there is a second or more. */
function titleCard(lyrics: Lyrics, previewMs: number): string | null {
  const first = lyrics.lines[0];
  const text = [lyrics.title, lyrics.artist].filter((s) => s !== undefined && s !== '').join(' - ');
  if (first === undefined || text === '') return null;
  const endMs = Math.min(first.startMs - previewMs, 8_000);
  if (endMs < 1_000) return null;
  return `Dialogue: 0,${assTime(0)},${assTime(centiseconds(endMs))},KtvTitle,,0,0,0,,${escapeAssText(text)}`;
}

function resolveOptions(options: AssOptions) {
  const playResY = positive(options.playResY, 1080);
  return {
    fontName: assName(options.fontName ?? '') || DEFAULT_LYRICS_FONT,
    playResX: positive(options.playResX, 1920),
    playResY,
    fontSize: positive(options.fontSize, Math.round(playResY * 0.075)),
    sung: assColour(options.sungColour ?? '') ?? (assColour('#33CCFF') as string),
    unsung: assColour(options.unsungColour ?? '') ?? (assColour('#FFFFFF') as string),
    previewMs: Math.max(0, options.previewMs ?? 4_000),
    showTitle: options.showTitle ?? true,
  };
}

function positive(n: number | undefined, fallback: number): number {
  return n !== undefined && Number.isFinite(n) && n > 0 ? Math.round(n) : fallback;
}
