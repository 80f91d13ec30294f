import { MpvError } from './mpv-error.js';
import type { MpvValue } from './mpv-messages.js';

/** One entry of mpv's `track-list`. */
export interface MpvTrack {
  id: number;
  type: 'audio' | 'video' | 'sub';
  selected: boolean;
  external: boolean;
  title?: string;
  lang?: string;
  codec?: string;
  ffIndex?: number;
}

/** The properties this project reads or observes, with the type mpv gives them. */
export interface MpvProperties {
  'time-pos': number | null;
  duration: number | null;
  pause: boolean;
  'idle-active': boolean;
  'eof-reached': boolean;
  volume: number;
  path: string | null;
  aid: number | null;
  sid: number | null;
  'track-list': MpvTrack[];
  af: string[];
  'mpv-version': string;
}

export type MpvPropertyName = keyof MpvProperties;
type Decoder<T> = (v: MpvValue | undefined) => T;

const fail = (name: string, v: unknown): never => {
  throw new MpvError('KTV_E_MPV_DECODE', `mpv property ${name}: unexpected value ${JSON.stringify(v)}`);
};
const numberOrNull =
  (name: string): Decoder<number | null> =>
  (v) =>
    v === undefined || v === null ? null : typeof v === 'number' ? v : fail(name, v);
const bool =
  (name: string): Decoder<boolean> =>
  (v) =>
    typeof v === 'boolean' ? v : fail(name, v);
const trackId =
  (name: string): Decoder<number | null> =>
  (v) =>
    typeof v === 'number' ? v : v === false || v === 'no' || v === 'auto' || v == null ? null : fail(name, v);
const str =
  (name: string): Decoder<string> =>
  (v) =>
    typeof v === 'string' ? v : fail(name, v);

function decodeTrack(v: MpvValue): MpvTrack {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail('track-list', v);
  const { id, type, selected, external, title, lang, codec } = v;
  const ffIndex = v['ff-index'];
  if (typeof id !== 'number' || (type !== 'audio' && type !== 'video' && type !== 'sub')) return fail('track-list', v);
  const t: MpvTrack = { id, type, selected: selected === true, external: external === true };
  if (typeof title === 'string') t.title = title;
  if (typeof lang === 'string') t.lang = lang;
  if (typeof codec === 'string') t.codec = codec;
  if (typeof ffIndex === 'number') t.ffIndex = ffIndex;
  return t;
}

/** The `af` property comes back as a list of `{ name, label?, params }` objects. */
function decodeFilterNames(v: MpvValue | undefined): string[] {
  if (!Array.isArray(v)) return fail('af', v);
  return v.map((f) => {
    if (typeof f !== 'object' || f === null || Array.isArray(f)) return fail('af', f);
    const label = typeof f.label === 'string' ? `@${f.label}:` : '';
    return `${label}${typeof f.name === 'string' ? f.name : '?'}`;
  });
}

export const propertyDecoders: { [K in MpvPropertyName]: Decoder<MpvProperties[K]> } = {
  'time-pos': numberOrNull('time-pos'),
  duration: numberOrNull('duration'),
  pause: bool('pause'),
  'idle-active': bool('idle-active'),
  'eof-reached': (v) => v === true,
  volume: (v) => (typeof v === 'number' ? v : fail('volume', v)),
  path: (v) => (v === undefined || v === null ? null : str('path')(v)),
  aid: trackId('aid'),
  sid: trackId('sid'),
  'track-list': (v) => (Array.isArray(v) ? v.map(decodeTrack) : fail('track-list', v)),
  af: decodeFilterNames,
  'mpv-version': str('mpv-version'),
};
