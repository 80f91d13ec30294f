export { applyQueueOp } from './apply-op.js';
export { checkQueueOp, isQueueOp } from './check-op.js';
export { replayQueue } from './replay-queue.js';
export type {
  QueueEntry,
  QueueError,
  QueueErrorCode,
  QueueOp,
  QueueOpType,
  QueueOptions,
  QueueResult,
  QueueState,
} from './types.js';
export { DEFAULT_QUEUE_OPTIONS, emptyQueue } from './types.js';
