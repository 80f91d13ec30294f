/**
 * 原唱 / 伴唱: how a song carries its vocals, and what mpv must do for each mode. Pure.
 *
 * - `track`: the file has two audio tracks. `vocalsTrack` / `backingTrack` are mpv audio track ids
 *   (1 = the file's first audio stream, 2 = the second). Switching sets `aid`.
 * - `channel`: the classic KTV L/R file. One channel carries the full mix (vocals + music), the
 *   other carries the accompaniment only; `vocalsChannel` names the one with the vocals (most
 *   KTV libraries put the accompaniment on the left and the original on the right, so the usual
 *   entry is `{ kind: 'channel', vocalsChannel: 'right' }`). Playing such a file as plain stereo
 *   would put the singer on one speaker only, so both modes play ONE channel on both speakers:
 *   原唱 (vocalsOn) plays the vocal channel, 伴唱 (vocalsOff) the accompaniment channel, through an
 *   `af` lavfi pan filter. Switching changes only the filter; mpv keeps the position.
 */

export type VocalMode = 'vocalsOn' | 'vocalsOff';

export type VocalCarrier =
  | { kind: 'track'; vocalsTrack: number; backingTrack: number }
  | { kind: 'channel'; vocalsChannel: 'left' | 'right' };

/** What to set in mpv for one song in one mode. `aid: null` leaves mpv's choice alone. */
export interface VocalSettings {
  aid: number | null;
  /** A lavfi graph for the audio chain, or null for none. */
  panGraph: string | null;
}

const channelIndex = { left: 0, right: 1 } as const;

export function vocalSettings(carrier: VocalCarrier | undefined, mode: VocalMode): VocalSettings {
  if (!carrier) return { aid: null, panGraph: null };
  if (carrier.kind === 'track') {
    return { aid: mode === 'vocalsOn' ? carrier.vocalsTrack : carrier.backingTrack, panGraph: null };
  }
  const vocals = channelIndex[carrier.vocalsChannel];
  const source = mode === 'vocalsOn' ? vocals : 1 - vocals;
  return { aid: null, panGraph: `pan=stereo|c0=c${source}|c1=c${source}` };
}

export const otherVocalMode = (mode: VocalMode): VocalMode => (mode === 'vocalsOn' ? 'vocalsOff' : 'vocalsOn');

/**
 * The one place the audio filter chain is built (later: key shift). Returns the value for
 * `af set`, or '' for an empty chain.
 */
export function audioFilterChain(parts: { panGraph: string | null }): string {
  const filters: string[] = [];
  if (parts.panGraph) filters.push(`@ktvvocal:lavfi=[${parts.panGraph}]`);
  return filters.join(',');
}
