/**
 * Retry delays: exponential backoff with full jitter (delay = random * min(max, min * 2^attempt)),
 * and a server's Retry-After (seconds or an HTTP date) when it gave one. Pure: the random source
 * and the clock come in.
 */
export interface BackoffPolicy {
  minMs: number;
  maxMs: number;
}

export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number): number {
  const ceiling = Math.min(policy.maxMs, policy.minMs * 2 ** Math.min(attempt, 30));
  return Math.max(policy.minMs / 2, Math.round(random() * ceiling));
}

/** Retry-After in ms from now, or undefined when absent or unreadable. Capped at a day. */
export function retryAfterMs(header: string | undefined, now: number): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, 86_400_000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(0, date - now), 86_400_000);
}

export type HttpOutcome =
  | { kind: 'acked' }
  | { kind: 'retry'; afterMs?: number }
  /** A 4xx that retrying cannot fix: the batch is parked and an alert raised. */
  | { kind: 'park'; status: number };

/** What to do with an HTTP answer to a batch. */
export function classifyStatus(status: number, retryAfter: number | undefined): HttpOutcome {
  if (status >= 200 && status < 300) return { kind: 'acked' };
  if (status === 429 || status === 503)
    return { kind: 'retry', ...(retryAfter !== undefined ? { afterMs: retryAfter } : {}) };
  if (status === 408) return { kind: 'retry' };
  if (status >= 400 && status < 500) return { kind: 'park', status };
  return { kind: 'retry', ...(retryAfter !== undefined ? { afterMs: retryAfter } : {}) };
}
