/** One pick in the room's queue (已点). The same song may be queued more than once; entryId tells them apart. */
export interface QueueEntry {
  entryId: string;
  songId: string;
  title?: string;
  artist?: string;
  /** When it was picked, ms since the epoch (the picker's clock). */
  addedAt: number;
  /** Who picked it (touchscreen, a phone's id), when known. */
  addedBy?: string;
}

/**
 * The room's queue. `current` is the song on the TV (null = nothing queued, the background playlist
 * plays); `upcoming` is 已点 in order. Invariant: when `current` is null, `upcoming` is empty.
 */
export interface QueueState {
  current: QueueEntry | null;
  /** Position in the current song, ms (0 when nothing plays). */
  positionMs: number;
  upcoming: QueueEntry[];
}

/**
 * Queue operations: plain JSON, journaled on disk, replayed on start and sent as events.
 * Ops that act on the playing song may name it (`entryId`), so a late or repeated request (a
 * double-tapped 切歌, the player's end-of-file for a song already skipped) cannot hit the next one.
 */
export type QueueOp =
  /** 点歌: append; starts at once when nothing plays. */
  | { type: 'add'; entry: QueueEntry }
  /** 优先 when picking: insert at the front of upcoming; starts at once when nothing plays. */
  | { type: 'addFirst'; entry: QueueEntry }
  /** 删除: take an upcoming entry out (not the playing one: that is skip). */
  | { type: 'remove'; entryId: string }
  /** Move an upcoming entry so that it ends up at `toIndex` of upcoming. */
  | { type: 'move'; entryId: string; toIndex: number }
  /** 优先/置顶: move an upcoming entry to the front of upcoming. */
  | { type: 'moveToFront'; entryId: string }
  /** 切歌: the next upcoming entry plays (or nothing). */
  | { type: 'skip'; entryId?: string }
  /** 重唱: the playing song starts again. */
  | { type: 'replay'; entryId?: string }
  /** 清空: empty upcoming; the playing song goes on. */
  | { type: 'clear' }
  /** The player reached the end of the file: like skip, for another reason. */
  | { type: 'songEnded'; entryId: string }
  /** The player's position in the playing song (persisted so a power cut resumes close to it). */
  | { type: 'setPosition'; entryId: string; positionMs: number };

export type QueueOpType = QueueOp['type'];

/** Stable codes for a refused op; a code is never reused for another meaning. */
export type QueueErrorCode =
  /** The op is not a well-formed QueueOp (unknown type, missing or mistyped field). */
  | 'KTV_E_QUEUE_OP'
  /** No upcoming entry has that entryId. */
  | 'KTV_E_QUEUE_ENTRY_UNKNOWN'
  /** The entry is the one playing: remove and move apply to upcoming entries only (use skip). */
  | 'KTV_E_QUEUE_ENTRY_PLAYING'
  /** An entry with that entryId is already in the queue. */
  | 'KTV_E_QUEUE_ENTRY_DUPLICATE'
  /** The target index is outside upcoming. */
  | 'KTV_E_QUEUE_INDEX'
  /** Upcoming holds the maximum number of entries. */
  | 'KTV_E_QUEUE_FULL'
  /** Nothing is playing (skip, replay, songEnded, setPosition need a playing song). */
  | 'KTV_E_QUEUE_NOTHING_PLAYING'
  /** The op names another entry than the one playing (a stale request). */
  | 'KTV_E_QUEUE_NOT_CURRENT';

export interface QueueError {
  code: QueueErrorCode;
  message: string;
}

export interface QueueResult {
  state: QueueState;
  /**
   * True when the op was accepted and did something: journal it and tell the room. False for a
   * refused op (with `error`) and for an accepted no-op (moving an entry where it already is,
   * clearing an empty list); in both cases `state` is the input state itself.
   */
  changed: boolean;
  error?: QueueError;
}

export interface QueueOptions {
  /** Most entries upcoming may hold. Default 200. */
  maxUpcoming: number;
}

export const DEFAULT_QUEUE_OPTIONS: Readonly<QueueOptions> = Object.freeze({ maxUpcoming: 200 });

/** A new empty queue: nothing playing, nothing upcoming. */
export function emptyQueue(): QueueState {
  return { current: null, positionMs: 0, upcoming: [] };
}
