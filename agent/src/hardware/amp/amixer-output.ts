/**
 * Parses what `amixer sget|sset CONTROL ...` prints (alsa-utils 1.2.x, amixer.c show_selem):
 *
 *   Simple mixer control 'Master',0
 *     Capabilities: pvolume pswitch pswitch-joined
 *     Playback channels: Front Left - Front Right
 *     Limits: Playback 0 - 87
 *     Mono:
 *     Front Left: Playback 52 [60%] [-26.25dB] [on]
 *     Front Right: Playback 52 [60%] [-26.25dB] [on]
 */
export type Direction = 'Playback' | 'Capture';

export interface ChannelReading {
  channel: string;
  direction: Direction;
  raw: number | null;
  percent: number | null;
  on: boolean | null;
}

export interface MixerReading {
  control: string;
  capabilities: string[];
  limits: Partial<Record<Direction, { min: number; max: number }>>;
  channels: ChannelReading[];
}

const HEADER = /^Simple mixer control '(.*)',\d+\s*$/;
const DIRECTION_PART =
  /(Playback|Capture)((?:\s+-?\d+)?(?:\s+\[\d+%\])?(?:\s+\[-?\d+\.\d+dB\])?(?:\s+\[(?:on|off)\])?)/g;

export function parseAmixerOutput(text: string): MixerReading | null {
  const lines = text.split(/\r?\n/);
  const headerAt = lines.findIndex((l) => HEADER.test(l));
  if (headerAt < 0) return null;
  const reading: MixerReading = {
    control: HEADER.exec(lines[headerAt] ?? '')?.[1] ?? '',
    capabilities: [],
    limits: {},
    channels: [],
  };
  for (const line of lines.slice(headerAt + 1)) {
    const m = /^\s+([^:]+):\s*(.*)$/.exec(line);
    if (!m) continue;
    const [, key = '', rest = ''] = m;
    if (key === 'Capabilities') reading.capabilities = rest.split(/\s+/).filter(Boolean);
    else if (key === 'Limits') parseLimits(rest, reading);
    else if (!key.endsWith('channels') && !key.startsWith('Capture exclusive')) {
      for (const part of rest.matchAll(DIRECTION_PART)) {
        reading.channels.push(parseChannel(key, part[1] as Direction, part[2] ?? ''));
      }
    }
  }
  return reading;
}

function parseLimits(rest: string, reading: MixerReading): void {
  for (const dir of ['Playback', 'Capture'] as const) {
    const m = new RegExp(`${dir} (-?\\d+) - (-?\\d+)`).exec(rest);
    if (m) reading.limits[dir] = { min: Number(m[1]), max: Number(m[2]) };
  }
  // A common (playback+capture) volume prints its limits without a direction.
  const common = /^(-?\d+) - (-?\d+)/.exec(rest.trim());
  if (common) reading.limits.Playback = { min: Number(common[1]), max: Number(common[2]) };
}

function parseChannel(channel: string, direction: Direction, text: string): ChannelReading {
  const raw = /^\s+(-?\d+)/.exec(text);
  const pct = /\[(\d+)%\]/.exec(text);
  const sw = /\[(on|off)\]/.exec(text);
  return {
    channel,
    direction,
    raw: raw ? Number(raw[1]) : null,
    percent: pct ? Number(pct[1]) : null,
    on: sw ? sw[1] === 'on' : null,
  };
}

/** amixer's percent -> raw (convert_prange1): rint(range * p / 100) + min. */
export function rawForPercent(percent: number, limits: { min: number; max: number }): number {
  return Math.round(((limits.max - limits.min) * percent) / 100) + limits.min;
}

export const hasPlaybackSwitch = (r: MixerReading): boolean =>
  r.capabilities.includes('pswitch') || r.capabilities.includes('switch');
