import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { oneAtATime, type Validator } from '@ktv/protocol';
import { writeFileDurably } from '../catalog/replica/durable-write.js';

/** A small JSON document the room box keeps across restarts (a few writes a session at most). */
export interface JsonDocument<T> {
  /** The saved document; undefined when there is none or it is unreadable (then `warn` says why). */
  load(): Promise<T | undefined>;
  /** Replaces the document whole (temp file, fsync, rename); saves run in call order. */
  save(doc: T): Promise<void>;
}

/**
 * `file` checked against `validate` on every load. A missing file is normal and silent; a file
 * that cannot be read, is not JSON or fails the schema is reported through `warn` with its path
 * and reason, and loads as undefined, so the caller starts from its defaults.
 */
export function jsonDocument<T>(
  file: string,
  validate: Validator<T>,
  warn: (message: string) => void,
): JsonDocument<T> {
  /** Saves run one at a time, in call order: the last one called is what stays on disk. */
  const serial = oneAtATime();
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') warn(`${file}: ${(e as Error).message}`);
        return undefined;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        warn(`${file}: not JSON (${(e as Error).message})`);
        return undefined;
      }
      const checked = validate(parsed);
      if (!checked.ok) {
        warn(`${file}: ${checked.errors.join('; ')}`);
        return undefined;
      }
      return checked.value;
    },
    save(doc) {
      const text = `${JSON.stringify(doc)}\n`;
      return serial(async () => {
        await mkdir(dirname(file), { recursive: true });
        await writeFileDurably(file, text);
      });
    },
  };
}
