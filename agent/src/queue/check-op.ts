import type { QueueEntry, QueueError, QueueOp } from './types.js';

type Fields = Record<string, unknown>;

const isObject = (x: unknown): x is Fields => typeof x === 'object' && x !== null && !Array.isArray(x);
const isId = (x: unknown): x is string => typeof x === 'string' && x.length > 0 && x.length <= 128;
const isOptionalText = (x: unknown) => x === undefined || typeof x === 'string';

function entryProblem(x: unknown): string | null {
  if (!isObject(x)) return 'entry must be an object';
  if (!isId(x.entryId)) return 'entry.entryId must be a non-empty string (at most 128 characters)';
  if (!isId(x.songId)) return 'entry.songId must be a non-empty string (at most 128 characters)';
  if (typeof x.addedAt !== 'number' || !Number.isFinite(x.addedAt)) return 'entry.addedAt must be a number';
  for (const key of ['title', 'artist', 'addedBy']) {
    if (!isOptionalText(x[key])) return `entry.${key} must be a string when present`;
  }
  return null;
}

/** What is wrong with an op that arrived as JSON, or null when it is a well-formed QueueOp. */
function opProblem(x: unknown): string | null {
  if (!isObject(x)) return 'op must be an object';
  switch (x.type) {
    case 'add':
    case 'addFirst':
      return entryProblem(x.entry);
    case 'remove':
    case 'moveToFront':
    case 'songEnded':
      return isId(x.entryId) ? null : 'entryId must be a non-empty string';
    case 'move':
      if (!isId(x.entryId)) return 'entryId must be a non-empty string';
      return Number.isInteger(x.toIndex) ? null : 'toIndex must be an integer';
    case 'skip':
    case 'replay':
      return x.entryId === undefined || isId(x.entryId) ? null : 'entryId must be a non-empty string when present';
    case 'clear':
      return null;
    case 'setPosition':
      if (!isId(x.entryId)) return 'entryId must be a non-empty string';
      return typeof x.positionMs === 'number' && Number.isFinite(x.positionMs) && x.positionMs >= 0
        ? null
        : 'positionMs must be a number >= 0';
    default:
      return `unknown op type ${JSON.stringify(x.type)}`;
  }
}

/** A KTV_E_QUEUE_OP error for a malformed op, or null when `x` is a well-formed QueueOp. */
export function checkQueueOp(x: unknown): QueueError | null {
  const problem = opProblem(x);
  return problem === null ? null : { code: 'KTV_E_QUEUE_OP', message: `bad queue op: ${problem}` };
}

export function isQueueOp(x: unknown): x is QueueOp {
  return opProblem(x) === null;
}

/** The entry with only its known fields, so journaled and replayed states compare equal. */
export function cleanEntry(e: QueueEntry): QueueEntry {
  const out: QueueEntry = { entryId: e.entryId, songId: e.songId, addedAt: e.addedAt };
  if (e.title !== undefined) out.title = e.title;
  if (e.artist !== undefined) out.artist = e.artist;
  if (e.addedBy !== undefined) out.addedBy = e.addedBy;
  return out;
}
