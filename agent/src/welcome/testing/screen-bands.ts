import { WELCOME_BAND } from '../welcome-overlay.js';

/** The test screen (Xvfb) the welcome tests draw on, and its rows that matter. */
export const SCREEN = { width: 320, height: 240 } as const;

export interface Rows {
  from: number;
  to: number;
}

/** Where the welcome screen is drawn. */
export const MIDDLE: Rows = {
  from: Math.floor(SCREEN.height * WELCOME_BAND.top),
  to: Math.ceil(SCREEN.height * WELCOME_BAND.bottom),
};
/** The lyrics band (the bottom quarter), which the welcome must leave free. */
export const BOTTOM: Rows = { from: Math.floor(SCREEN.height * 0.75), to: SCREEN.height };
export const WHOLE: Rows = { from: 0, to: SCREEN.height };

/** How many pixels of a grey frame (one byte per pixel) in these rows are bright (> 200). */
export function brightPixels(px: Buffer, rows: Rows): number {
  let n = 0;
  for (let i = rows.from * SCREEN.width; i < rows.to * SCREEN.width; i++) if ((px[i] ?? 0) > 200) n++;
  return n;
}
