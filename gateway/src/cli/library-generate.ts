import { DEFAULT_SEED, writeGeneratedLibrary } from '../library/generate/write-library.js';
import { UsageError } from './usage.js';

export interface LibraryGenerateArgs {
  songs: string | undefined;
  out: string | undefined;
  seed: string | undefined;
  args: readonly string[];
}

const MAX_SONGS = 1_000_000;

function count(name: string, value: string | undefined, dflt: number | undefined, max: number): number {
  if (value === undefined) {
    if (dflt === undefined) throw new UsageError(`--${name} N is required`);
    return dflt;
  }
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n > max) {
    throw new UsageError(`--${name} must be a whole number from 0 to ${max}, not "${value}"`);
  }
  return n;
}

/** `ktv-gateway library generate --songs N --out DIR [--seed S]`: a synthetic song library. */
export async function libraryGenerate(a: LibraryGenerateArgs, stdout: (line: string) => void): Promise<number> {
  if (a.args.length > 0) throw new UsageError(`unexpected argument "${a.args[0]}"`);
  const songs = count('songs', a.songs, undefined, MAX_SONGS);
  if (!a.out) throw new UsageError('--out DIR is required');
  const seed = count('seed', a.seed, DEFAULT_SEED, 2 ** 32 - 1);
  const started = Date.now();
  const { catalog } = await writeGeneratedLibrary({ songs, out: a.out, seed });
  stdout(`已生成 generated ${songs} songs (seed ${seed}) in ${Date.now() - started} ms: ${catalog}`);
  return 0;
}
