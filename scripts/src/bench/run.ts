/**
 * `npm run bench [-- NAME...]`: runs the benchmarks and prints one JSON line each. Benchmarks are
 * not tests: they measure, with a baseline measured in the same run beside ours.
 */
import { benchBroker } from './broker.js';
import { benchCloud } from './cloud.js';
import { benchGpio } from './gpio.js';
import { benchJournal } from './journal.js';
import { benchPlayer } from './player.js';
import { benchRelease } from './release.js';
import { benchSearch } from './search.js';

const benches: Record<string, () => Promise<unknown>> = {
  broker: () =>
    benchBroker({
      rooms: Number(process.env.KTV_BENCH_ROOMS ?? 200),
      perRoomPerSec: 5,
      durationMs: Number(process.env.KTV_BENCH_SECONDS ?? 20) * 1000,
      rounds: Number(process.env.KTV_BENCH_ROUNDS ?? 4),
    }),
  player: () => benchPlayer(),
  journal: () => benchJournal(),
  search: () => benchSearch(),
  cloud: () => benchCloud(),
  release: () => benchRelease(),
  gpio: () => benchGpio(),
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !(w in benches));
  if (unknown.length > 0) {
    process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}\n`);
    process.exit(2);
  }
  for (const name of wanted.length > 0 ? wanted : Object.keys(benches)) {
    const result = await benches[name]?.();
    // A benchmark with several measurements (e.g. search: one per query kind) prints a line each.
    for (const line of Array.isArray(result) ? result : [result]) process.stdout.write(`${JSON.stringify(line)}\n`);
  }
}

void main();
