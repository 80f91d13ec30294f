/** The JSON values mpv's IPC carries. */
export type MpvValue = string | number | boolean | null | MpvValue[] | { [key: string]: MpvValue };

/** A reply to one request: `{ request_id, error: "success" | "...", data? }`. */
export interface MpvReply {
  kind: 'reply';
  requestId: number;
  error: string;
  data: MpvValue | undefined;
}

/** An asynchronous event line: `{ event: "end-file", reason: "eof", ... }`. */
export interface MpvEvent {
  kind: 'event';
  event: string;
  /** Every other field of the line (e.g. `reason`, `playlist_entry_id`, `id`, `name`, `data`). */
  fields: { [key: string]: MpvValue };
}

export type MpvMessage = MpvReply | MpvEvent;

function isRecord(v: unknown): v is { [key: string]: MpvValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses one IPC line; returns null for a line that is neither a reply nor an event. */
export function parseMpvLine(line: string): MpvMessage | null {
  const trimmed = line.trim();
  if (trimmed === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return null;
  }
  if (!isRecord(parsed)) return null;
  if (typeof parsed.event === 'string') {
    const { event, ...fields } = parsed;
    return { kind: 'event', event, fields };
  }
  if (typeof parsed.request_id === 'number' && typeof parsed.error === 'string') {
    return { kind: 'reply', requestId: parsed.request_id, error: parsed.error, data: parsed.data };
  }
  return null;
}

/** Serialises one request line (with its trailing newline). */
export function formatMpvRequest(requestId: number, command: readonly MpvValue[]): string {
  return `${JSON.stringify({ command, request_id: requestId })}\n`;
}
