import type { Journal } from '../journal/index.js';
import { JournalError } from '../journal/index.js';
import type { Logger } from '../logger.js';
import { powerFactOf } from './facts.js';
import { type EnergyReport, energyReport, type PowerFact } from './hours.js';

export interface EnergyServiceDeps {
  journal: Journal;
  /** The rooms the store has (listed even without a power event). */
  rooms: () => string[];
  /** The store's time zone (business settings). */
  timeZone: () => string;
  now: () => number;
  logger: Logger;
}

/**
 * Energy hours on the running gateway: the power facts of the journal, read once and then only
 * what was appended since (the journal is the record; nothing else is stored), and the pure
 * report over them.
 */
export class EnergyService {
  private readonly facts: PowerFact[] = [];
  private readSeq = 0;
  private reading: Promise<void> | undefined;

  constructor(private readonly deps: EnergyServiceDeps) {}

  async report(from: string, to: string): Promise<EnergyReport> {
    await this.catchUp();
    return energyReport({
      facts: this.facts,
      rooms: this.deps.rooms(),
      from,
      to,
      timeZone: this.deps.timeZone(),
      until: this.deps.now(),
    });
  }

  private catchUp(): Promise<void> {
    this.reading ??= this.readNew().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  private async readNew(): Promise<void> {
    const from = this.readSeq + 1;
    try {
      for await (const record of this.deps.journal.read(from)) {
        this.readSeq = record.seq;
        const fact = powerFactOf(record);
        if (fact) this.facts.push(fact);
      }
    } catch (e) {
      // Segments before `from` were removed by retention: start at the oldest that is left.
      if (!(e instanceof JournalError) || this.readSeq > 0) throw e;
      const segments = await this.deps.journal.segments();
      const oldest = segments[0]?.firstSeq;
      if (oldest === undefined || oldest <= from) throw e;
      this.deps.logger.warn({ oldest }, 'energy hours: older journal segments were removed');
      this.readSeq = oldest - 1;
      await this.readNew();
    }
  }
}
