import type { MpvValue } from './mpv-messages.js';

/**
 * Builders for the mpv commands this project sends (pure: each returns the command array).
 * Per-file options use mpv's `%LEN%value` quoting, so paths and filter strings may contain
 * commas, colons, brackets or spaces.
 */

export type LoadMode = 'replace' | 'append' | 'append-play';

/** `key=%len%value` quoting: len is the value's length in bytes. */
export function quoteOptionValue(value: string): string {
  return `%${Buffer.byteLength(value, 'utf8')}%${value}`;
}

export function formatFileOptions(options: Readonly<Record<string, string>>): string {
  return Object.entries(options)
    .map(([k, v]) => `${k}=${quoteOptionValue(v)}`)
    .join(',');
}

/** mpv 0.35: `loadfile URL [FLAGS [OPTIONS]]`. */
export function loadfileCommand(
  file: string,
  mode: LoadMode = 'replace',
  options: Readonly<Record<string, string>> = {},
): MpvValue[] {
  const opts = formatFileOptions(options);
  return opts === '' ? ['loadfile', file, mode] : ['loadfile', file, mode, opts];
}

export function seekAbsoluteCommand(ms: number): MpvValue[] {
  return ['seek', msToSeconds(ms), 'absolute+exact'];
}

export const stopCommand = (): MpvValue[] => ['stop'];
export const quitCommand = (): MpvValue[] => ['quit'];

/** Adds an external subtitle file and selects it. */
export function subAddCommand(file: string, title = 'lyrics'): MpvValue[] {
  return ['sub-add', file, 'select', title];
}

/** Replaces the whole audio filter chain (an empty string clears it). */
export function setAudioFiltersCommand(chain: string): MpvValue[] {
  return chain === '' ? ['af', 'clr', ''] : ['af', 'set', chain];
}

export function msToSeconds(ms: number): number {
  return Math.round(ms) / 1000;
}

/**
 * mpv 0.35 `osd-overlay id format data res_x res_y` (positional): ASS events drawn over the
 * picture; format `none` removes the overlay. Ids are per IPC connection.
 */
export function osdOverlayCommand(id: number, overlay: { ass: string; resX: number; resY: number } | null): MpvValue[] {
  return overlay === null
    ? ['osd-overlay', id, 'none', '']
    : ['osd-overlay', id, 'ass-events', overlay.ass, overlay.resX, overlay.resY];
}
