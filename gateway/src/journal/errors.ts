/** Stable error codes of the journal. */
export const JournalErrorCodes = {
  CORRUPT: 'KTV_E_JOURNAL_CORRUPT',
  CLOSED: 'KTV_E_JOURNAL_CLOSED',
  FAILED: 'KTV_E_JOURNAL_FAILED',
  BAD_NAME: 'KTV_E_JOURNAL_BAD_NAME',
  BAD_SEQ: 'KTV_E_JOURNAL_BAD_SEQ',
  /** appendJson was given text that is not one line. */
  BAD_DATA: 'KTV_E_JOURNAL_BAD_DATA',
  /** A write found the disk full: that batch was refused and cut; appends are taken again once there is space. */
  NO_SPACE: 'KTV_E_JOURNAL_NO_SPACE',
} as const;

export type JournalErrorCode = (typeof JournalErrorCodes)[keyof typeof JournalErrorCodes];

export class JournalError extends Error {
  constructor(
    readonly code: JournalErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'JournalError';
  }
}

/**
 * A record that is not the last one of the journal does not read back as written (bad checksum,
 * not JSON, a gap in seq): the journal refuses to go on rather than guess. `file` and `offset`
 * (bytes from the start of the file) say where.
 */
export class JournalCorruptError extends JournalError {
  constructor(
    readonly file: string,
    readonly offset: number,
    readonly reason: string,
  ) {
    super(JournalErrorCodes.CORRUPT, `journal corrupt: ${file} at byte ${offset}: ${reason}`);
    this.name = 'JournalCorruptError';
  }
}
