export { JournalCorruptError, JournalError, type JournalErrorCode, JournalErrorCodes } from './errors.js';
export type { AppendHandle, JournalFiles } from './file-port.js';
export { nodeJournalFiles } from './file-port.js';
export {
  type AppendOptions,
  DEFAULT_SEGMENT_BYTES,
  Journal,
  type JournalCursor,
  type JournalOptions,
  LINGER_FLUSH_BYTES,
  type SegmentInfo,
  segmentFileName,
} from './journal.js';
export type { JournalRecord } from './record.js';
