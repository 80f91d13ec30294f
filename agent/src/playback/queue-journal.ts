import { join } from 'node:path';
import type { Logger } from 'pino';
import { AppendFile } from '../outbox/append-file.js';
import type { QueueOptions } from '../queue/types.js';
import { encodeJournalRecord, type QueueJournalRecord } from './journal-records.js';
import {
  applyJournalRecord,
  pruneVocals,
  type QueueImage,
  replayQueueJournal,
  snapshotRecord,
} from './journal-replay.js';

export const QUEUE_JOURNAL_FILE = 'queue.log';
const DEFAULT_COMPACT_BYTES = 256 * 1024;

export interface QueueJournalOptions {
  /** DATA/queue */
  dir: string;
  logger: Logger;
  queueOptions: QueueOptions;
  /** Rewrite as one snapshot when the file grows past this. */
  compactBytes?: number;
}

/**
 * The room's queue on disk: every accepted op is appended (grouped fdatasync, via AppendFile);
 * on open the file is replayed and a torn tail cut; when it grows, it is replaced by a snapshot
 * (temp file, fsync, rename, fsync of the folder).
 */
export class QueueJournal {
  private compacting = false;
  private chain: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: AppendFile,
    private readonly current: QueueImage,
    private readonly opts: QueueJournalOptions,
  ) {}

  static async open(opts: QueueJournalOptions): Promise<QueueJournal> {
    const { file, contents } = await AppendFile.open(join(opts.dir, QUEUE_JOURNAL_FILE));
    const result = replayQueueJournal(contents, opts.queueOptions);
    if (result.tornBytes > 0) {
      opts.logger.warn({ path: file.path, tornBytes: result.tornBytes }, 'queue journal torn tail cut');
      await file.truncateTo(result.validBytes);
    }
    if (result.skippedLines > 0) {
      opts.logger.error({ path: file.path, skippedLines: result.skippedLines }, 'queue journal corrupt lines skipped');
    }
    const q = result.image.queue;
    opts.logger.info(
      { current: q.current?.songId ?? null, positionMs: q.positionMs, upcoming: q.upcoming.length },
      'queue restored',
    );
    return new QueueJournal(file, result.image, opts);
  }

  /** The queue as restored and kept up to date by append(). */
  get image(): QueueImage {
    return this.current;
  }

  get fileBytes(): number {
    return this.file.size;
  }

  /**
   * Resolves once the record is on disk; then it is in the image. Appends run one after another
   * (ops come at human pace), so a compaction's snapshot never holds a record written after it.
   */
  append(record: QueueJournalRecord): Promise<void> {
    const run = this.chain.then(async () => {
      await this.file.append(encodeJournalRecord(record));
      applyJournalRecord(this.current, record, this.opts.queueOptions);
      await this.maybeCompact();
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.chain;
    await this.file.close();
  }

  private async maybeCompact(): Promise<void> {
    if (this.compacting || this.file.size <= (this.opts.compactBytes ?? DEFAULT_COMPACT_BYTES)) return;
    this.compacting = true;
    try {
      const before = this.file.size;
      // Runs after every earlier append in the file's queue; the image already has them all.
      await this.file.replace(() => {
        pruneVocals(this.current);
        return encodeJournalRecord(snapshotRecord(this.current));
      });
      this.opts.logger.info({ before, after: this.file.size }, 'queue journal compacted');
    } finally {
      this.compacting = false;
    }
  }
}
