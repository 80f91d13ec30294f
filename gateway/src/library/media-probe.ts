import type { VocalLayout } from '@ktv/protocol';
import { type IAudioMetadata, parseFile } from 'music-metadata';

export interface MediaInfo {
  durationMs: number;
  /** From the audio tracks when there are two or more; undefined for one stereo track. */
  vocals: VocalLayout | undefined;
  tags: { title?: string; artists: string[]; language?: string; genre?: string };
}

export type ProbeResult = { ok: true; info: MediaInfo } | { ok: false; reason: string };

/** Reads a media file's duration, audio tracks and tags. I/O behind a function type for tests. */
export type MediaProber = (file: string) => Promise<ProbeResult>;

const VOCAL_NAME = /原唱|人声|vocal|guide/i;
const BACKING_NAME = /伴唱|伴奏|karaoke|instrumental|backing|off ?vocal|无人声/i;

/** Two or more audio tracks → a track layout (by their names when they have them, else 1 and 2). */
export function vocalsFromTracks(names: readonly (string | undefined)[]): VocalLayout | undefined {
  if (names.length < 2) return undefined;
  const backing = names.findIndex((n) => n !== undefined && BACKING_NAME.test(n));
  const vocals = names.findIndex((n, i) => i !== backing && n !== undefined && VOCAL_NAME.test(n));
  if (backing >= 0 && vocals >= 0) return { kind: 'track', vocalsTrack: vocals + 1, backingTrack: backing + 1 };
  if (backing === 0) return { kind: 'track', vocalsTrack: 2, backingTrack: 1 };
  return { kind: 'track', vocalsTrack: 1, backingTrack: 2 };
}

export function mediaInfoOf(meta: IAudioMetadata): ProbeResult {
  const audioTracks = meta.format.trackInfo.filter((t) => t.type === 2 || t.audio !== undefined);
  if (meta.format.hasAudio === false || (meta.format.trackInfo.length > 0 && audioTracks.length === 0)) {
    return { ok: false, reason: 'no audio track' };
  }
  const seconds = meta.format.duration;
  if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0) {
    return { ok: false, reason: 'no duration: not a playable media file' };
  }
  const c = meta.common;
  const artists = (c.artists ?? (c.artist ? [c.artist] : [])).map((a) => a.trim()).filter((a) => a.length > 0);
  return {
    ok: true,
    info: {
      durationMs: Math.round(seconds * 1000),
      vocals: vocalsFromTracks(audioTracks.map((t) => t.name)),
      tags: {
        ...(c.title?.trim() ? { title: c.title.trim() } : {}),
        artists,
        ...(c.language ? { language: c.language } : {}),
        ...(c.genre?.[0] ? { genre: c.genre[0] } : {}),
      },
    },
  };
}

/** The real prober: music-metadata, covers skipped, duration computed when the header lacks it. */
export const probeMedia: MediaProber = async (file) => {
  try {
    return mediaInfoOf(await parseFile(file, { duration: true, skipCovers: true }));
  } catch (e) {
    return { ok: false, reason: `unreadable media: ${(e as Error).message}` };
  }
};
