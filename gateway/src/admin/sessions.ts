import { randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'ktv_admin';
const TTL_MS = 12 * 60 * 60 * 1000;

/** Admin sessions: random bearer tokens kept in memory (a restart signs everyone out). */
export class Sessions {
  private readonly tokens = new Map<string, { username: string; expiresAt: number }>();

  constructor(private readonly now: () => number) {}

  create(username: string): string {
    const token = randomBytes(32).toString('base64url');
    this.tokens.set(token, { username, expiresAt: this.now() + TTL_MS });
    return token;
  }

  /** The session's user, or undefined when the token is unknown or expired. */
  lookup(token: string | undefined): string | undefined {
    if (!token) return undefined;
    const s = this.tokens.get(token);
    if (!s) return undefined;
    if (s.expiresAt <= this.now()) {
      this.tokens.delete(token);
      return undefined;
    }
    return s.username;
  }

  revoke(token: string): void {
    this.tokens.delete(token);
  }
}

/** The token from `Authorization: Bearer`, the `ktv_admin` cookie or `?token=`, in that order. */
export function tokenFrom(headers: { authorization?: string; cookie?: string }, query?: unknown): string | undefined {
  const auth = headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  for (const part of (headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(value.join('='));
  }
  if (typeof query === 'object' && query !== null && 'token' in query && typeof query.token === 'string') {
    return query.token;
  }
  return undefined;
}

export function sessionCookie(token: string): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${TTL_MS / 1000}`;
}
