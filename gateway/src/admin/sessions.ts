import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { compile, oneAtATime } from '@ktv/protocol';
import { type Static, Type } from '@sinclair/typebox';
import { readDurableJson, writeDurableJson } from '../journal/durable-file.js';
import { nodeJournalFiles } from '../journal/file-port.js';
import type { Logger } from '../logger.js';

export const SESSION_COOKIE = 'ktv_admin';
const TTL_MS = 12 * 60 * 60 * 1000;

/** DATA/admin-sessions.json: who is signed in, so a gateway restart does not sign the front desk out. */
export const SESSIONS_FILE = 'admin-sessions.json';

const SessionsFileSchema = Type.Object(
  {
    version: Type.Literal(1),
    sessions: Type.Array(
      Type.Object(
        {
          /** sha256 of the token: the file never holds a token that would let its reader in. */
          tokenHash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
          username: Type.String({ minLength: 1 }),
          expiresAt: Type.Integer(),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
type SessionsFile = Static<typeof SessionsFileSchema>;
const checkSessionsFile = compile(SessionsFileSchema);

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Admin sessions: random bearer tokens, 12 h each. Kept in memory, and with `open` also in
 * DATA/admin-sessions.json (token hashes only, replaced atomically after every sign-in and
 * sign-out), so a restart of the gateway keeps the front desk signed in and a sign-out stays one.
 */
export class Sessions {
  private readonly byHash = new Map<string, { username: string; expiresAt: number }>();
  private readonly serial = oneAtATime();
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly now: () => number,
    private readonly persist?: { file: string; logger: Logger },
  ) {}

  /** Sessions kept in DATA: an unreadable file is logged and set aside (everyone signs in again), never fatal. */
  static async open(dataDir: string, now: () => number, logger: Logger): Promise<Sessions> {
    const file = join(dataDir, SESSIONS_FILE);
    const sessions = new Sessions(now, { file, logger });
    let doc: unknown;
    try {
      doc = await readDurableJson(file);
    } catch (e) {
      logger.warn({ file, err: e }, 'admin sessions unreadable; everyone signs in again');
      return sessions;
    }
    if (doc === undefined) return sessions;
    const checked = checkSessionsFile(doc);
    if (!checked.ok) {
      logger.warn({ file, errors: checked.errors }, 'admin sessions unreadable; everyone signs in again');
      return sessions;
    }
    const at = now();
    for (const s of checked.value.sessions) {
      if (s.expiresAt > at) sessions.byHash.set(s.tokenHash, { username: s.username, expiresAt: s.expiresAt });
    }
    return sessions;
  }

  create(username: string): string {
    const token = randomBytes(32).toString('base64url');
    this.byHash.set(hashOf(token), { username, expiresAt: this.now() + TTL_MS });
    this.save();
    return token;
  }

  /** The session's user, or undefined when the token is unknown or expired. */
  lookup(token: string | undefined): string | undefined {
    if (!token) return undefined;
    const hash = hashOf(token);
    const s = this.byHash.get(hash);
    if (!s) return undefined;
    if (s.expiresAt <= this.now()) {
      this.byHash.delete(hash);
      return undefined;
    }
    return s.username;
  }

  revoke(token: string): void {
    if (this.byHash.delete(hashOf(token))) this.save();
  }

  /** Resolves once every change so far is on disk (or failed and was logged). */
  saved(): Promise<void> {
    return this.saving;
  }

  private save(): void {
    const persist = this.persist;
    if (!persist) return;
    this.saving = this.serial(async () => {
      const at = this.now();
      const doc: SessionsFile = { version: 1, sessions: [] };
      for (const [tokenHash, s] of this.byHash) {
        if (s.expiresAt > at) doc.sessions.push({ tokenHash, username: s.username, expiresAt: s.expiresAt });
      }
      try {
        await writeDurableJson(nodeJournalFiles, persist.file, doc);
      } catch (e) {
        persist.logger.error({ file: persist.file, err: e }, 'admin sessions not saved');
      }
    });
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
