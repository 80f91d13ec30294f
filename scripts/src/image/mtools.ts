import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** mtools addresses a FAT file system inside a disk image as IMAGE@@OFFSET: no mount, no root. */
function at(image: string, offset: number): string {
  return `${image}@@${offset}`;
}

const env = { ...process.env, MTOOLS_SKIP_CHECK: '1' };

/** Copies a local file into the FAT file system at `offset` as `name` (replacing it). */
export async function fatWrite(image: string, offset: number, source: string, name: string): Promise<void> {
  await run('mcopy', ['-o', '-D', 'o', '-i', at(image, offset), source, `::${name}`], { env });
}

/** A file's content from the FAT file system at `offset`, or undefined when there is no such file. */
export async function fatRead(image: string, offset: number, name: string): Promise<Buffer | undefined> {
  try {
    const { stdout } = await run('mtype', ['-i', at(image, offset), `::${name}`], {
      env,
      encoding: 'buffer',
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch {
    return undefined;
  }
}

/** The names in the FAT file system's root folder. */
export async function fatList(image: string, offset: number): Promise<string[]> {
  const { stdout } = await run('mdir', ['-b', '-i', at(image, offset), '::'], { env });
  return stdout
    .split('\n')
    .map((l) => l.trim().replace(/^::\/?/, ''))
    .filter((l) => l.length > 0);
}
