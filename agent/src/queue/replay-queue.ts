import { applyQueueOp } from './apply-op.js';
import { DEFAULT_QUEUE_OPTIONS, emptyQueue, type QueueOp, type QueueOptions, type QueueState } from './types.js';

/**
 * The queue after applying `ops` in order from `initial` (default: empty), as on start from the
 * journal. Refused ops change nothing here, exactly as when they were first applied, so replaying
 * every op or only the accepted ones gives the same state.
 */
export function replayQueue(
  ops: Iterable<QueueOp>,
  options: QueueOptions = DEFAULT_QUEUE_OPTIONS,
  initial: QueueState = emptyQueue(),
): QueueState {
  let state = initial;
  for (const op of ops) state = applyQueueOp(state, op, options).state;
  return state;
}
