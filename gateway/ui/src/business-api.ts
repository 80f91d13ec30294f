/** The business API over fetch: every answer is either the body or a coded refusal. */
export type ApiResult<T> = { ok: true; body: T } | { ok: false; code: string; message: string };

export async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch (e) {
    return { ok: false, code: 'NETWORK', message: String(e) };
  }
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    json = undefined;
  }
  if (res.ok) return { ok: true, body: json as T };
  const err = json as { code?: unknown; message?: unknown } | undefined;
  return {
    ok: false,
    code: typeof err?.code === 'string' ? err.code : `HTTP_${res.status}`,
    message: typeof err?.message === 'string' ? err.message : res.statusText,
  };
}

const enc = encodeURIComponent;
export const roomPath = (room: string, action: string) => `/api/rooms/${enc(room)}/${action}`;
export const sessionPath = (id: string, rest = '') => `/api/sessions/${enc(id)}${rest}`;
