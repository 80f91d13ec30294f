import type { Song, StateView, VocalMode } from './types.js';

/** What an action answers: ok, or the agent's stable error code (`KTV_E_…`, or NETWORK when unreachable). */
export type ActionResult = { ok: true; body: unknown } | { ok: false; code: string; message: string };

async function send(method: string, path: string, body?: unknown): Promise<ActionResult> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.headers = { 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (e) {
    return { ok: false, code: 'NETWORK', message: String(e) };
  }
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  if (res.ok) return { ok: true, body: parsed };
  const err = (parsed ?? {}) as { code?: unknown; message?: unknown };
  return {
    ok: false,
    code: typeof err.code === 'string' ? err.code : `HTTP_${res.status}`,
    message: typeof err.message === 'string' ? err.message : text,
  };
}

export const api = {
  state: async (): Promise<StateView> => (await (await fetch('/api/state')).json()) as StateView,
  songs: async (q: string, limit = 60): Promise<Song[]> => {
    const res = await fetch(`/api/songs?q=${encodeURIComponent(q)}&limit=${limit}`);
    if (!res.ok) throw new Error(`songs: ${res.status}`);
    return ((await res.json()) as { songs: Song[] }).songs;
  },
  call: () => send('POST', '/api/call'),
  simDoor: (open: boolean) => send('POST', '/api/sim/door', { open }),
  simMotion: () => send('POST', '/api/sim/motion'),
  simCall: () => send('POST', '/api/sim/call'),
  enqueue: (songId: string, first: boolean) => send('POST', '/api/queue', first ? { songId, first } : { songId }),
  remove: (entryId: string) => send('DELETE', `/api/queue/${encodeURIComponent(entryId)}`),
  front: (entryId: string) => send('POST', `/api/queue/${encodeURIComponent(entryId)}/front`),
  skip: () => send('POST', '/api/player/skip'),
  replay: () => send('POST', '/api/player/replay'),
  pause: (paused: boolean) => send('POST', paused ? '/api/player/pause' : '/api/player/resume'),
  vocals: (mode: VocalMode) => send('POST', '/api/player/vocals', { mode }),
  volume: (change: { music?: number; mic?: number; muted?: boolean }) => send('POST', '/api/volume', change),
};
