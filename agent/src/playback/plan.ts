import type { RoomEventInput } from '@ktv/protocol';
import type { VocalMode } from '../player/vocal-mode.js';
import type { QueueEntry, QueueOp, QueueState } from '../queue/types.js';

/** What the player must do after an accepted op. */
export type PlayerAction =
  | { kind: 'none' }
  /** A new song is the current one: load it from its start. */
  | { kind: 'load'; entry: QueueEntry }
  /** 重唱: the same song from 0. */
  | { kind: 'restart'; entry: QueueEntry }
  /** Nothing is queued any more: the background playlist (公播) plays. */
  | { kind: 'background' };

export interface OpPlan {
  action: PlayerAction;
  /** Events to record, in this order. */
  events: RoomEventInput[];
}

export interface PlanInput {
  op: QueueOp;
  before: QueueState;
  after: QueueState;
  /** How far the song that was playing got (ms). */
  playedMs: number;
  /** Why a `songEnded` op ended the song: played to its end, or failed. */
  endReason?: 'eof' | 'error';
  /** The 原唱/伴唱 mode a song starts in. */
  vocalModeOf: (entry: QueueEntry) => VocalMode;
}

function entryIn(state: QueueState, entryId: string): QueueEntry | undefined {
  if (state.current?.entryId === entryId) return state.current;
  return state.upcoming.find((e) => e.entryId === entryId);
}

function queueChanged(input: PlanInput): RoomEventInput | null {
  const { op, before, after } = input;
  if (op.type === 'setPosition') return null;
  const data: Extract<RoomEventInput, { type: 'queue.changed' }>['data'] = {
    op: op.type,
    upcoming: after.upcoming.length,
  };
  let entry: QueueEntry | undefined;
  if (op.type === 'add' || op.type === 'addFirst') entry = op.entry;
  else if (op.type === 'remove' || op.type === 'move' || op.type === 'moveToFront') entry = entryIn(before, op.entryId);
  else if (op.type !== 'clear') entry = before.current ?? undefined;
  if (entry) {
    data.entryId = entry.entryId;
    data.songId = entry.songId;
  }
  if (op.type === 'move') data.toIndex = op.toIndex;
  return { type: 'queue.changed', data };
}

const endReasonOf = (input: PlanInput): 'eof' | 'skip' | 'replay' | 'error' => {
  if (input.op.type === 'songEnded') return input.endReason ?? 'eof';
  return input.op.type === 'replay' ? 'replay' : 'skip';
};

function songEnded(entry: QueueEntry, input: PlanInput): RoomEventInput {
  const playedMs = Math.max(0, Math.round(input.playedMs));
  return {
    type: 'song.ended',
    data: { entryId: entry.entryId, songId: entry.songId, reason: endReasonOf(input), playedMs },
  };
}

function songStarted(entry: QueueEntry, vocalMode: VocalMode): RoomEventInput {
  const data: Extract<RoomEventInput, { type: 'song.started' }>['data'] = {
    entryId: entry.entryId,
    songId: entry.songId,
    vocalMode,
  };
  if (entry.title !== undefined) data.title = entry.title;
  if (entry.artist !== undefined) data.artist = entry.artist;
  return { type: 'song.started', data };
}

/**
 * The events and the player's next step after an op that applyQueueOp accepted (changed: true).
 * Pure: the playback service does the I/O.
 */
export function planAfterOp(input: PlanInput): OpPlan {
  const { op, before, after } = input;
  const events: RoomEventInput[] = [];
  const changed = queueChanged(input);
  if (changed) events.push(changed);
  const was = before.current;
  const now = after.current;
  if (op.type === 'replay' && was && now) {
    events.push(songEnded(was, input), songStarted(now, input.vocalModeOf(now)));
    return { action: { kind: 'restart', entry: now }, events };
  }
  if (was?.entryId === now?.entryId) return { action: { kind: 'none' }, events };
  if (was) events.push(songEnded(was, input));
  if (now) {
    events.push(songStarted(now, input.vocalModeOf(now)));
    return { action: { kind: 'load', entry: now }, events };
  }
  return { action: { kind: 'background' }, events };
}
