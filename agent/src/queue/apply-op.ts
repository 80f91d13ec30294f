import { checkQueueOp, cleanEntry } from './check-op.js';
import {
  DEFAULT_QUEUE_OPTIONS,
  type QueueEntry,
  type QueueErrorCode,
  type QueueOp,
  type QueueOptions,
  type QueueResult,
  type QueueState,
} from './types.js';

const refuse = (state: QueueState, code: QueueErrorCode, message: string): QueueResult => ({
  state,
  changed: false,
  error: { code, message },
});
const done = (state: QueueState): QueueResult => ({ state, changed: true });
const unchanged = (state: QueueState): QueueResult => ({ state, changed: false });

/**
 * Applies one op to the queue. Pure and total: never throws, never mutates `state`; a refused op
 * returns the input state with a stable error code. Applying the accepted ops of a journal in
 * order rebuilds the same state (see replayQueue).
 */
export function applyQueueOp(
  state: QueueState,
  op: QueueOp,
  options: QueueOptions = DEFAULT_QUEUE_OPTIONS,
): QueueResult {
  const malformed = checkQueueOp(op);
  if (malformed !== null) return { state, changed: false, error: malformed };
  switch (op.type) {
    case 'add':
    case 'addFirst':
      return add(state, cleanEntry(op.entry), op.type === 'addFirst', options);
    case 'remove':
      return remove(state, op.entryId);
    case 'move':
      return move(state, op.entryId, op.toIndex);
    case 'moveToFront':
      return move(state, op.entryId, 0);
    case 'skip':
    case 'songEnded':
      return next(state, op.entryId);
    case 'replay':
      return replay(state, op.entryId);
    case 'clear':
      return state.upcoming.length === 0 ? unchanged(state) : done({ ...state, upcoming: [] });
    case 'setPosition':
      return setPosition(state, op.entryId, Math.round(op.positionMs));
  }
}

function add(state: QueueState, entry: QueueEntry, first: boolean, options: QueueOptions): QueueResult {
  if (state.current?.entryId === entry.entryId || state.upcoming.some((e) => e.entryId === entry.entryId)) {
    return refuse(state, 'KTV_E_QUEUE_ENTRY_DUPLICATE', `entry ${entry.entryId} is already in the queue`);
  }
  // Nothing plays: the pick starts at once (the background playlist gives way).
  if (state.current === null) return done({ current: entry, positionMs: 0, upcoming: [] });
  if (state.upcoming.length >= options.maxUpcoming) {
    return refuse(state, 'KTV_E_QUEUE_FULL', `the queue is full (${options.maxUpcoming} songs)`);
  }
  const upcoming = first ? [entry, ...state.upcoming] : [...state.upcoming, entry];
  return done({ ...state, upcoming });
}

/** Index of an upcoming entry, or a refusal naming why it cannot be moved or removed. */
function findUpcoming(state: QueueState, entryId: string): number | QueueResult {
  const index = state.upcoming.findIndex((e) => e.entryId === entryId);
  if (index >= 0) return index;
  if (state.current?.entryId === entryId) {
    return refuse(state, 'KTV_E_QUEUE_ENTRY_PLAYING', `entry ${entryId} is playing; skip it instead`);
  }
  return refuse(state, 'KTV_E_QUEUE_ENTRY_UNKNOWN', `no queued entry ${entryId}`);
}

function remove(state: QueueState, entryId: string): QueueResult {
  const index = findUpcoming(state, entryId);
  if (typeof index !== 'number') return index;
  return done({ ...state, upcoming: state.upcoming.filter((_, i) => i !== index) });
}

function move(state: QueueState, entryId: string, toIndex: number): QueueResult {
  const from = findUpcoming(state, entryId);
  if (typeof from !== 'number') return from;
  if (toIndex < 0 || toIndex >= state.upcoming.length) {
    const last = state.upcoming.length - 1;
    return refuse(state, 'KTV_E_QUEUE_INDEX', `index ${toIndex} is outside the queue (0 to ${last})`);
  }
  if (from === toIndex) return unchanged(state);
  const upcoming = [...state.upcoming];
  const [moved] = upcoming.splice(from, 1);
  if (moved !== undefined) upcoming.splice(toIndex, 0, moved);
  return done({ ...state, upcoming });
}

/** Refusal when nothing plays or the op names another entry than the playing one. */
function checkCurrent(state: QueueState, entryId: string | undefined): QueueResult | null {
  if (state.current === null) return refuse(state, 'KTV_E_QUEUE_NOTHING_PLAYING', 'nothing is playing');
  if (entryId !== undefined && entryId !== state.current.entryId) {
    return refuse(state, 'KTV_E_QUEUE_NOT_CURRENT', `entry ${entryId} is not the one playing`);
  }
  return null;
}

function next(state: QueueState, entryId: string | undefined): QueueResult {
  const refused = checkCurrent(state, entryId);
  if (refused !== null) return refused;
  const [head = null, ...rest] = state.upcoming;
  return done({ current: head, positionMs: 0, upcoming: rest });
}

/** Always a change when something plays: the player restarts even if the last known position was 0. */
function replay(state: QueueState, entryId: string | undefined): QueueResult {
  return checkCurrent(state, entryId) ?? done({ ...state, positionMs: 0 });
}

function setPosition(state: QueueState, entryId: string, positionMs: number): QueueResult {
  const refused = checkCurrent(state, entryId);
  if (refused !== null) return refused;
  return positionMs === state.positionMs ? unchanged(state) : done({ ...state, positionMs });
}
