import { escapeAssText, estimateWidthEm } from '../lyrics/ass-format.js';
import type { Overlay } from '../player/player-port.js';
import type { WelcomeText } from './welcome-text.js';

/** The player overlay the welcome screen uses (its own id; the lyrics are subtitles, not overlays). */
export const WELCOME_OVERLAY_ID = 1;

/** The canvas the layout is drawn on; mpv scales it to the TV. */
export const WELCOME_RES = { x: 1920, y: 1080 } as const;

/**
 * The band the welcome screen covers, as fractions of the screen's height: its upper two thirds.
 * The lyrics sit in the bottom quarter (agent/src/lyrics/ass.ts), never under it.
 */
export const WELCOME_BAND = { top: 0.18, bottom: 0.72 } as const;

const FONT = 'Noto Sans CJK SC';
const X = WELCOME_RES.x / 2;
/** A line wider than this is squeezed horizontally, not wrapped. */
const MAX_WIDTH = WELCOME_RES.x * 0.9;

function line(y: number, size: number, colour: string, text: string): string {
  // \an8: top-centre at \pos; \q2: no wrapping; a dark outline keeps it readable over bright video.
  const outline = Math.max(3, Math.round(size / 16));
  const width = estimateWidthEm(text) * size;
  const squeeze = width > MAX_WIDTH ? `\\fscx${Math.floor((MAX_WIDTH / width) * 100)}` : '';
  return (
    `{\\an8\\q2\\pos(${X},${y})\\fn${FONT}\\fs${size}${squeeze}\\b1\\bord${outline}\\shad0` +
    `\\c${colour}\\3c&H000000&}${escapeAssText(text)}`
  );
}

/**
 * The welcome screen as an overlay (pure): a translucent dark band across the middle of the
 * picture, 欢迎光临 in warm gold, the room's name large and white, the session's details and a
 * closing line below, centred, readable from the sofa. One ASS event per line.
 */
export function welcomeOverlay(text: WelcomeText): Overlay {
  const { x: w, y: h } = WELCOME_RES;
  const top = Math.round(h * WELCOME_BAND.top);
  const bottom = Math.round(h * WELCOME_BAND.bottom);
  const band = `{\\an7\\pos(0,0)\\p1\\bord0\\shad0\\c&H000000&\\1a&H50&}m 0 ${top} l ${w} ${top} ${w} ${bottom} 0 ${bottom}{\\p0}`;
  const events = [band];
  let y = top + 30;
  events.push(line(y, 130, '&H4FC8FF&', text.greeting));
  y += 166;
  events.push(line(y, 100, '&HFFFFFF&', text.room));
  y += 140;
  for (const d of text.details.slice(0, 2)) {
    events.push(line(y, 58, '&HE0E0E0&', d));
    y += 70;
  }
  events.push(line(y + 20, 52, '&H4FC8FF&', text.closing));
  return { ass: events.join('\n'), resX: w, resY: h };
}
