import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileDurably } from './durable-write.js';
import { type Play, PlayCounts } from './play-counts.js';

const COMPACT_AFTER_LINES = 20_000;

/**
 * DATA/library/plays.ndjson: one line per song started (`{"s":songId,"t":at}`), appended; a line
 * `{"totals":{...}}` carries the counts of plays older than a week after compaction (on open, when
 * the file has grown). Charts are not money: the lines are appended without fdatasync.
 */
export class PlaysLog {
  private constructor(
    private readonly file: string,
    readonly counts: PlayCounts,
  ) {}

  static async open(libraryDir: string, now: number): Promise<PlaysLog> {
    const file = join(libraryDir, 'plays.ndjson');
    let text = '';
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    let totals: [string, number][] = [];
    const plays: Play[] = [];
    let lines = 0;
    for (const line of text.split('\n')) {
      if (!line) continue;
      lines++;
      try {
        const v = JSON.parse(line) as { s?: unknown; t?: unknown; totals?: Record<string, number> };
        if (v.totals) totals = Object.entries(v.totals).filter(([, n]) => Number.isInteger(n) && n > 0);
        else if (typeof v.s === 'string' && typeof v.t === 'number') plays.push({ songId: v.s, at: v.t });
      } catch {
        // A torn last line after a power cut: that one play is lost, the rest counts.
      }
    }
    const counts = new PlayCounts(totals);
    for (const p of plays) counts.add(p);
    counts.prune(now);
    const log = new PlaysLog(file, counts);
    if (lines > COMPACT_AFTER_LINES) await log.compact(now);
    return log;
  }

  async record(play: Play): Promise<void> {
    this.counts.add(play);
    await appendFile(this.file, `${JSON.stringify({ s: play.songId, t: play.at })}\n`);
  }

  private async compact(now: number): Promise<void> {
    const totals = Object.fromEntries(this.counts.olderTotals(now));
    const lines = [
      JSON.stringify({ totals }),
      ...this.counts.recentPlays().map((p) => JSON.stringify({ s: p.songId, t: p.at })),
    ];
    await writeFileDurably(this.file, `${lines.join('\n')}\n`);
  }
}
