/**
 * For journal-crash.test.ts: appends in a loop from several concurrent writers (single records
 * and 3-record batches) to the journal in argv[2], and prints `ack <seq> <key>` for every append
 * that resolved, until it is killed. Keys are `<round>/<writer>/<n>` (batches: `.../b<i>`).
 */
import { silentLogger } from '../logger.js';
import { Journal } from './journal.js';

const [dir, round] = process.argv.slice(2);
if (!dir || !round) throw new Error('usage: crash-child DIR ROUND');

const journal = await Journal.open(dir, { logger: silentLogger(), segmentBytes: 16 * 1024 });
process.stdout.write(`open ${journal.lastSeq()}\n`);

async function writer(w: number): Promise<never> {
  for (let n = 0; ; n += 1) {
    const key = `${round}/${w}/${n}`;
    if (n % 5 === 4) {
      const records = await journal.appendAll(
        [0, 1, 2].map((i) => ({ type: 'test.batch', data: { key: `${key}/b${i}`, batch: key, fen: 100 * i } })),
      );
      for (const r of records) process.stdout.write(`ack ${r.seq} ${(r.data as { key: string }).key}\n`);
    } else {
      const r = await journal.append('test.single', { key, fen: n });
      process.stdout.write(`ack ${r.seq} ${key}\n`);
    }
  }
}

await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map(writer));
